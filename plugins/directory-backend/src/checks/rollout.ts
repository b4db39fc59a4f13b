import type { V1Deployment } from '@kubernetes/client-node';
import {
  APISERVER_COMPONENT,
  apiserverResourceName,
  chartLabelSelector,
} from '@directory-ops/plugin-directory-common';
import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';

/** Whether the Deployment controller is still rolling out the current spec. */
function isRolloutInProgress(deployment: V1Deployment): boolean {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  return (
    (status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0) ||
    (status.updatedReplicas ?? 0) < desired ||
    (status.replicas ?? 0) > (status.updatedReplicas ?? 0) ||
    (progressing?.status === 'True' &&
      progressing.reason === 'ReplicaSetUpdated')
  );
}

/**
 * `rollout`: the apiserver Deployment uses `Recreate` when it mounts a PVC
 * (BadgerDB holds an exclusive lock) and has ready replicas.
 */
export const rolloutCheck: DirectoryCheck = {
  id: 'rollout',
  title: 'apiserver rollout',
  async run({ instance, cluster }) {
    const { namespace, release } = instance;
    const name = apiserverResourceName(release);
    const deployment = await cluster.deployment(namespace, name);
    if (!deployment) {
      return {
        status: 'error',
        summary: `Deployment ${name} does not exist in ${namespace}`,
        remediation: `Check the Helm release ${release} (or its Argo CD application) in ${namespace}.`,
      };
    }
    const strategy = deployment.spec?.strategy?.type ?? 'RollingUpdate';
    const claims = (deployment.spec?.template?.spec?.volumes ?? [])
      .map(v => v.persistentVolumeClaim?.claimName)
      .filter((c): c is string => Boolean(c));
    const desired = deployment.spec?.replicas ?? 1;
    const ready = deployment.status?.readyReplicas ?? 0;
    const inProgress = isRolloutInProgress(deployment);
    const details = {
      deployment: name,
      strategy,
      claims,
      desired,
      ready,
      rolloutInProgress: inProgress,
    };

    if (claims.length > 0 && strategy !== 'Recreate') {
      return {
        status: 'error',
        summary: `Deployment ${name} uses strategy ${strategy} while it mounts PVC ${claims.join(
          ', ',
        )}: a new pod cannot open the BadgerDB datastore while the old one holds its lock`,
        remediation:
          'Set apiserver.strategy.type: Recreate in the Helm values (required with the routing PVC).',
        details,
      };
    }
    if (inProgress) {
      return {
        status: 'warning',
        summary:
          strategy === 'Recreate'
            ? `A Recreate rollout of ${name} is in progress (${ready}/${desired} ready); a short window with no ready replica is expected`
            : `A rollout of ${name} is in progress (${ready}/${desired} ready)`,
        details,
      };
    }
    if (desired > 0 && ready === 0) {
      return {
        status: 'error',
        summary: `Deployment ${name} has 0 of ${desired} replicas ready and no rollout in progress`,
        remediation: `Look at the pods and their events: kubectl describe pods -n ${namespace} -l ${chartLabelSelector(
          APISERVER_COMPONENT,
          release,
        )}`,
        details,
      };
    }
    if (desired === 0) {
      return {
        status: 'warning',
        summary: `Deployment ${name} is scaled to 0 replicas`,
        details,
      };
    }
    return {
      status: 'ok',
      summary: `Deployment ${name} has ${ready}/${desired} replicas ready (strategy ${strategy})`,
      details,
    };
  },
};
