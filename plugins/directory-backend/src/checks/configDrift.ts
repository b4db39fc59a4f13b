import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import {
  APISERVER_COMPONENT,
  apiserverResourceName,
} from '@directory-ops/plugin-directory-common';
import { apiserverPods, isRunningApiserver } from './svid';
import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';

/** The newest write to a ConfigMap: its latest managedFields time. */
function lastChanged(configMap: V1ConfigMap): Date | undefined {
  const times = (configMap.metadata?.managedFields ?? [])
    .map(f => (f.time ? new Date(f.time).getTime() : NaN))
    .filter(t => !Number.isNaN(t));
  if (times.length === 0) {
    const created = configMap.metadata?.creationTimestamp;
    return created ? new Date(created) : undefined;
  }
  return new Date(Math.max(...times));
}

function startedAt(pod: V1Pod): Date | undefined {
  const container = pod.status?.containerStatuses?.find(
    c => c.name === APISERVER_COMPONENT,
  );
  const start = container?.state?.running?.startedAt ?? pod.status?.startTime;
  return start ? new Date(start) : undefined;
}

/**
 * `config-drift`: the apiserver ConfigMap changed after the running
 * apiserver started, so the pod still runs the old configuration.
 */
export const configDriftCheck: DirectoryCheck = {
  id: 'config-drift',
  title: 'Config drift',
  async run({ instance, cluster }) {
    const { namespace, release } = instance;
    const name = apiserverResourceName(release);
    const [configMap, pods] = await Promise.all([
      cluster.configMap(namespace, name),
      cluster.pods(namespace),
    ]);
    const running = apiserverPods(pods, instance).filter(isRunningApiserver);
    const changed = configMap ? lastChanged(configMap) : undefined;
    if (!changed || running.length === 0) {
      return undefined;
    }
    const stale = running
      .map(pod => ({ pod: pod.metadata?.name ?? '', started: startedAt(pod) }))
      .filter(p => p.started && p.started < changed);
    const details = {
      configMap: name,
      changedAt: changed.toISOString(),
      pods: running.map(pod => ({
        name: pod.metadata?.name,
        startedAt: startedAt(pod)?.toISOString(),
      })),
    };
    if (stale.length > 0) {
      return {
        status: 'warning',
        summary: `ConfigMap ${name} changed at ${changed.toISOString()}, after apiserver ${
          stale[0].pod
        } started; the pod runs the old configuration`,
        remediation: `kubectl rollout restart deployment/${name} -n ${namespace}`,
        details,
      };
    }
    return {
      status: 'ok',
      summary: `The running apiserver started after the last change to ConfigMap ${name}`,
      details,
    };
  },
};
