import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import {
  CHART_INSTANCE_LABEL,
  CheckStatus,
  DirectoryInstance,
  worstStatus,
} from '@directory-ops/plugin-directory-common';
import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';

const QUANTITY_SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Bytes of a Kubernetes storage quantity such as `20Gi` or `1G`. */
export function quantityBytes(
  quantity: string | undefined,
): number | undefined {
  const match = /^([0-9.]+)(?:e(\d+))?([a-zA-Z]*)$/.exec(
    quantity?.trim() ?? '',
  );
  if (!match || !(match[3] in QUANTITY_SUFFIXES)) {
    return undefined;
  }
  return (
    Number(match[1]) * 10 ** Number(match[2] ?? 0) * QUANTITY_SUFFIXES[match[3]]
  );
}

/**
 * The instance's PVCs: the routing datastore `<rel>-apiserver-pvc`, the
 * PostgreSQL `data-<rel>-postgresql-*` and Zot's `<rel>-*`, or any PVC
 * labelled with the release.
 */
function instancePvcs(
  pvcs: V1PersistentVolumeClaim[],
  instance: DirectoryInstance,
) {
  const rel = instance.release;
  return pvcs.filter(pvc => {
    const name = pvc.metadata?.name ?? '';
    return (
      pvc.metadata?.labels?.[CHART_INSTANCE_LABEL] === rel ||
      name.startsWith(`${rel}-`) ||
      name.startsWith(`data-${rel}-`)
    );
  });
}

/** Set by the scheduler on a WaitForFirstConsumer PVC once it places a pod that uses it. */
const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';

interface PvcFinding {
  name: string;
  status: CheckStatus;
  phase?: string;
  problem?: string;
  remediation?: string;
}

/**
 * `pvcs`: the instance's PVCs are bound with the capacity they asked for.
 */
export const pvcsCheck: DirectoryCheck = {
  id: 'pvcs',
  title: 'Persistent volumes',
  async run({ instance, cluster }) {
    const { namespace } = instance;
    const pvcs = instancePvcs(
      await cluster.persistentVolumeClaims(namespace),
      instance,
    );
    if (pvcs.length === 0) {
      return undefined;
    }
    const findings: PvcFinding[] = [];
    for (const pvc of pvcs) {
      const name = pvc.metadata?.name ?? '';
      const phase = pvc.status?.phase;
      if (phase === 'Lost') {
        findings.push({
          name,
          phase,
          status: 'error',
          problem: `PVC ${name} is Lost: its PersistentVolume is gone`,
          remediation: `Restore the volume from a snapshot or recreate the PVC; see kubectl describe pvc -n ${namespace} ${name}.`,
        });
        continue;
      }
      if (phase === 'Pending') {
        const className = pvc.spec?.storageClassName;
        const storageClass = className
          ? await cluster.storageClass(className)
          : undefined;
        const waitsForConsumer =
          storageClass?.volumeBindingMode === 'WaitForFirstConsumer';
        const consumerScheduled = Boolean(
          pvc.metadata?.annotations?.[SELECTED_NODE_ANNOTATION],
        );
        if (waitsForConsumer && !consumerScheduled) {
          findings.push({
            name,
            phase,
            status: 'warning',
            problem: `PVC ${name} is Pending until a pod that uses it is scheduled (StorageClass ${className} is WaitForFirstConsumer)`,
            remediation: `Check why no pod using ${name} is scheduled: kubectl get events -n ${namespace}`,
          });
        } else {
          findings.push({
            name,
            phase,
            status: 'error',
            problem: `PVC ${name} is Pending${
              consumerScheduled
                ? ' although a pod that uses it is scheduled'
                : ''
            }${
              className
                ? ` (StorageClass ${className}${
                    storageClass ? '' : ', which does not exist'
                  })`
                : ' with no StorageClass'
            }`,
            remediation: `PVC Pending: the EBS CSI driver or the default StorageClass is incomplete. Check kubectl describe pvc -n ${namespace} ${name} and the StorageClass.`,
          });
        }
        continue;
      }
      const requested = quantityBytes(pvc.spec?.resources?.requests?.storage);
      const capacity = quantityBytes(pvc.status?.capacity?.storage);
      if (
        requested !== undefined &&
        capacity !== undefined &&
        capacity < requested
      ) {
        findings.push({
          name,
          phase,
          status: 'warning',
          problem: `PVC ${name} has ${pvc.status?.capacity?.storage}, less than the ${pvc.spec?.resources?.requests?.storage} it requests`,
          remediation: `A volume expansion may be pending; see kubectl describe pvc -n ${namespace} ${name} (the StorageClass must allow volume expansion).`,
        });
        continue;
      }
      findings.push({ name, phase, status: 'ok' });
    }

    const status = worstStatus(findings.map(f => f.status));
    const problems = findings.filter(f => f.status === status && f.problem);
    const details = {
      pvcs: findings.map(f => ({
        name: f.name,
        phase: f.phase,
        status: f.status,
      })),
    };
    if (status === 'ok') {
      return {
        status,
        summary: `${findings.length} PVC(s) are Bound`,
        details,
      };
    }
    return {
      status,
      summary: problems.map(p => p.problem).join('; '),
      remediation: problems[0].remediation,
      details,
    };
  },
};
