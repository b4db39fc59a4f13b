/**
 * Argo CD `Application` objects (argoproj.io/v1alpha1) as Argo CD keeps them
 * in its namespace: the app's sources, and the status the application
 * controller writes (sync, health, the synced revisions, the last operation).
 */
import { FakeKubernetesApi, KubeObject } from '../kubernetes/FakeKubernetesApi';
import { kubernetesTime, shift } from './kubernetesTime';

/** How an application stands. @public */
export interface ArgoCdApplicationState {
  /** `Synced`, `OutOfSync` or `Unknown`. */
  sync: 'Synced' | 'OutOfSync' | 'Unknown';
  /** `Healthy`, `Progressing`, `Degraded`, `Suspended`, `Missing` or `Unknown`. */
  health:
    | 'Healthy'
    | 'Progressing'
    | 'Degraded'
    | 'Suspended'
    | 'Missing'
    | 'Unknown';
  /** The phase of the last sync operation; default `Succeeded`. */
  operationPhase?: 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';
  /** The operation's message, e.g. why it failed. */
  operationMessage?: string;
  /** Seconds since the health status last changed; default 3600. */
  healthForSeconds?: number;
}

/** Options of {@link seedArgoCdApplication}. @public */
export interface SeedArgoCdApplicationOptions {
  name: string;
  /** Argo CD's namespace; default `argocd`. */
  namespace?: string;
  /** Labels, e.g. `{ instance: 'acme-directory' }` as an ApplicationSet sets them. */
  labels?: Record<string, string>;
  /** The Helm chart the app deploys. */
  chart: { repoURL: string; name: string; version: string };
  /** The GitOps repository that holds the values. */
  gitops: { repoURL: string; targetRevision: string };
  /** The commit of the GitOps repository the app last synced to. */
  syncedRevision: string;
  destination: { server: string; namespace: string };
  state: ArgoCdApplicationState;
  /** The time the state is observed at; default now. */
  now?: Date;
}

/**
 * Puts an Argo CD `Application` with two sources (the chart and the GitOps
 * repository as `$values`) and its status into the fake API.
 * @public
 */
export function seedArgoCdApplication(
  api: FakeKubernetesApi,
  options: SeedArgoCdApplicationOptions,
): KubeObject {
  const now = options.now ?? new Date();
  const { state } = options;
  const phase = state.operationPhase ?? 'Succeeded';
  const startedAt = shift(now, -600);
  return api.put({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'argocd',
      labels: options.labels ?? {},
    },
    spec: {
      project: 'default',
      sources: [
        {
          repoURL: options.chart.repoURL,
          chart: options.chart.name,
          targetRevision: options.chart.version,
        },
        {
          repoURL: options.gitops.repoURL,
          targetRevision: options.gitops.targetRevision,
          ref: 'values',
        },
      ],
      destination: options.destination,
      syncPolicy: { automated: { prune: true, selfHeal: false } },
    },
    status: {
      sync: {
        status: state.sync,
        revisions: [options.chart.version, options.syncedRevision],
      },
      health: {
        status: state.health,
        lastTransitionTime: kubernetesTime(
          shift(now, -(state.healthForSeconds ?? 3600)),
        ),
      },
      operationState: {
        phase,
        message:
          state.operationMessage ??
          (phase === 'Succeeded' ? 'successfully synced (all tasks run)' : ''),
        startedAt: kubernetesTime(startedAt),
        ...(phase === 'Running'
          ? {}
          : { finishedAt: kubernetesTime(shift(startedAt, 40)) }),
        syncResult: {
          revisions: [options.chart.version, options.syncedRevision],
        },
      },
      reconciledAt: kubernetesTime(shift(now, -30)),
    },
  });
}
