/*
 * An example of a check that a platform team adds to the Directory health
 * poller without changing the Directory Ops plugins: this file and one line
 * in src/index.ts, `backend.add(import('./modules/apiserverRestartsCheck'))`.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  APISERVER_COMPONENT,
  hasChartLabels,
} from '@directory-ops/plugin-directory-common';
import { directoryChecksExtensionPoint } from '@directory-ops/plugin-directory-node';

/** Restarts of one apiserver container that make the check a warning. */
const WARNING_RESTARTS = 3;

/**
 * `apiserver-restarts`: the apiserver containers of the instance have not
 * been restarting (for example on OOM kills or a failing datastore).
 */
export default createBackendModule({
  pluginId: 'directory',
  moduleId: 'apiserver-restarts-check',
  register(env) {
    env.registerInit({
      deps: { checks: directoryChecksExtensionPoint },
      async init({ checks }) {
        checks.addCheck({
          id: 'apiserver-restarts',
          title: 'apiserver restarts',
          async run({ instance, cluster }) {
            const pods = (await cluster.pods(instance.namespace)).filter(pod =>
              hasChartLabels(
                pod.metadata?.labels,
                APISERVER_COMPONENT,
                instance.release,
              ),
            );
            if (pods.length === 0) {
              return undefined;
            }
            const restarts = pods.map(pod => ({
              pod: pod.metadata?.name ?? '',
              restarts:
                pod.status?.containerStatuses?.find(
                  c => c.name === APISERVER_COMPONENT,
                )?.restartCount ?? 0,
            }));
            const worst = restarts.reduce((a, b) =>
              b.restarts > a.restarts ? b : a,
            );
            if (worst.restarts >= WARNING_RESTARTS) {
              return {
                status: 'warning',
                summary: `apiserver ${worst.pod} restarted ${worst.restarts} times`,
                remediation: `Look at why it stopped: kubectl logs -n ${instance.namespace} ${worst.pod} -c apiserver --previous`,
                details: { pods: restarts },
              };
            }
            return {
              status: 'ok',
              summary: `${pods.length} apiserver pod(s), at most ${worst.restarts} restart(s)`,
              details: { pods: restarts },
            };
          },
        });
      },
    });
  },
});
