import type { V1Pod } from '@kubernetes/client-node';
import {
  APISERVER_COMPONENT,
  chartLabelSelector,
  DirectoryInstance,
  hasChartLabels,
} from '@directory-ops/plugin-directory-common';
import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';

/** The apiserver pods of an instance (chart labels). */
export function apiserverPods(
  pods: V1Pod[],
  instance: DirectoryInstance,
): V1Pod[] {
  return pods.filter(pod =>
    hasChartLabels(pod.metadata?.labels, APISERVER_COMPONENT, instance.release),
  );
}

/** Whether the pod and its apiserver container are running. */
export function isRunningApiserver(pod: V1Pod): boolean {
  const container = pod.status?.containerStatuses?.find(
    c => c.name === APISERVER_COMPONENT,
  );
  return pod.status?.phase === 'Running' && Boolean(container?.state?.running);
}

const SVID_REMEDIATION =
  'The workload got no SVID (certificate contains no URI SAN, or the SPIRE entry may not be synced yet): set spire.useCSIDriver: true, check that the ClusterSPIFFEID for the apiserver exists with the right className, then restart the apiserver.';

/**
 * `svid`: the latest SVID line of each running apiserver container says the
 * apiserver obtained a valid X509-SVID.
 */
export const svidCheck: DirectoryCheck = {
  id: 'svid',
  title: 'SPIFFE SVID',
  async run({ instance, cluster, svidLogs }) {
    const { namespace, release } = instance;
    const pods = apiserverPods(await cluster.pods(namespace), instance);
    const running = pods.filter(isRunningApiserver);
    if (running.length === 0) {
      return {
        status: 'error',
        summary: `No apiserver pod is running in ${namespace} (${pods.length} found)`,
        remediation: `Check the pods with: kubectl get pods -n ${namespace} -l ${chartLabelSelector(
          APISERVER_COMPONENT,
          release,
        )}`,
        details: {
          pods: pods.map(p => ({
            name: p.metadata?.name,
            phase: p.status?.phase,
          })),
        },
      };
    }

    const readings = [];
    for (const pod of running) {
      const podName = pod.metadata?.name ?? '';
      const status = pod.status?.containerStatuses?.find(
        c => c.name === APISERVER_COMPONENT,
      );
      const reading = await svidLogs.read({
        namespace,
        pod: podName,
        container: APISERVER_COMPONENT,
        containerId: `${namespace}/${podName}/${
          status?.containerID ?? status?.restartCount ?? 0
        }`,
      });
      readings.push({ pod: podName, ...reading });
    }

    const details = {
      pods: readings.map(r => ({
        name: r.pod,
        outcome: r.verdict?.outcome ?? 'no SVID line',
        line: r.verdict?.line,
        at: r.verdict?.at,
        bytesRead: r.bytesRead,
        readCutAtLimit: r.truncated,
        ...(r.skipped ? { skipped: r.skipped } : {}),
      })),
    };
    const failing = readings.filter(r => r.verdict?.outcome === 'failure');
    if (failing.length > 0) {
      return {
        status: 'error',
        summary: `apiserver ${failing[0].pod} has no valid X509-SVID: ${failing[0].verdict?.line}`,
        remediation: SVID_REMEDIATION,
        details,
      };
    }
    const silent = readings.filter(r => !r.verdict);
    if (silent.length > 0) {
      return {
        status: 'error',
        summary: `apiserver ${
          silent[0].pod
        } never logged "Successfully obtained valid X509-SVID"${
          silent[0].skipped
            ? ` in what was read (skipped ${silent[0].skipped})`
            : ''
        }`,
        remediation: SVID_REMEDIATION,
        details,
      };
    }
    return {
      status: 'ok',
      summary: `${readings.length} apiserver pod(s) obtained a valid X509-SVID`,
      details,
    };
  },
};
