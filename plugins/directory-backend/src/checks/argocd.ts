import type {
  CheckOutcome,
  CheckStatus,
} from '@directory-ops/plugin-directory-common';
import { worstStatus } from '@directory-ops/plugin-directory-common';
import type {
  DirectoryCheck,
  DirectoryCheckContext,
} from '@directory-ops/plugin-directory-node';
import type { ArgoCdSettings } from '../config';
import { describeClusterFailure } from '../cluster/clusterFailures';

/**
 * `argocd`: the sync status, health and synced revision of the instance's
 * Argo CD `Application`s (argoproj.io/v1alpha1): the app named by
 * `argocd/app-name`, and the apps its ApplicationSet generated for the same
 * instance (same `instance` label). Read from the cluster that runs Argo CD
 * (`directory.argocd.cluster`, default the instance's own) in
 * `directory.argocd.namespace`.
 */

/** The fields of an Argo CD `Application` the check reads. */
interface ArgoCdApplication {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: {
    source?: ArgoCdSource;
    sources?: ArgoCdSource[];
  };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; lastTransitionTime?: string; message?: string };
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
    };
  };
}

interface ArgoCdSource {
  repoURL?: string;
  chart?: string;
  path?: string;
  ref?: string;
}

/** One app as the card shows it (`details.apps`). */
export interface ArgoCdAppState {
  name: string;
  /** `Synced`, `OutOfSync` or `Unknown`. */
  sync: string;
  /** `Healthy`, `Progressing`, `Degraded`, `Suspended`, `Missing` or `Unknown`. */
  health: string;
  /** The GitOps repository commit the app last synced to. */
  revision?: string;
  /** The GitOps repository. */
  repoURL?: string;
  /** The commit's page, for GitHub, GitLab and Bitbucket repositories. */
  revisionUrl?: string;
  /** The phase of the last sync operation, e.g. `Failed`. */
  operationPhase?: string;
  /** Why the app is not fine, from Argo CD. */
  message?: string;
  status: CheckStatus;
}

const APPLICATIONS = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'applications',
} as const;

/** The label an ApplicationSet puts on every app of one instance. */
const INSTANCE_LABEL = 'instance';

/** The web page of a commit of a Git repository, when the host is known. */
export function commitUrl(
  repoURL: string | undefined,
  revision: string | undefined,
): string | undefined {
  if (!repoURL || !revision || !/^[0-9a-f]{7,40}$/i.test(revision)) {
    return undefined;
  }
  const match = /^(?:https:\/\/|git@)([^/:]+)[/:](.+?)(?:\.git)?\/?$/.exec(
    repoURL,
  );
  if (!match) {
    return undefined;
  }
  const [, host, repoPath] = match;
  if (host === 'github.com') {
    return `https://${host}/${repoPath}/commit/${revision}`;
  }
  if (host.startsWith('gitlab.')) {
    return `https://${host}/${repoPath}/-/commit/${revision}`;
  }
  if (host === 'bitbucket.org') {
    return `https://${host}/${repoPath}/commits/${revision}`;
  }
  return undefined;
}

/** The GitOps source of an app and the revision it synced to. */
function gitopsRevision(app: ArgoCdApplication): {
  repoURL?: string;
  revision?: string;
} {
  const sources = app.spec?.sources;
  const revisions = app.status?.sync?.revisions;
  if (sources && sources.length > 0) {
    // A multi-source app: the Git source (not the chart) holds the GitOps state.
    const index = sources.findIndex(s => !s.chart);
    if (index < 0) {
      return {};
    }
    return { repoURL: sources[index].repoURL, revision: revisions?.[index] };
  }
  return {
    repoURL: app.spec?.source?.repoURL,
    revision: app.status?.sync?.revision,
  };
}

function appState(
  app: ArgoCdApplication,
  now: Date,
  progressingTimeoutMs: number,
): ArgoCdAppState {
  const sync = app.status?.sync?.status ?? 'Unknown';
  const health = app.status?.health?.status ?? 'Unknown';
  const operationPhase = app.status?.operationState?.phase;
  const { repoURL, revision } = gitopsRevision(app);
  const failedOperation =
    operationPhase === 'Failed' || operationPhase === 'Error';
  const progressingSince = Date.parse(
    app.status?.health?.lastTransitionTime ??
      app.status?.operationState?.startedAt ??
      '',
  );
  const progressingTooLong =
    health === 'Progressing' &&
    Number.isFinite(progressingSince) &&
    now.getTime() - progressingSince > progressingTimeoutMs;
  let status: CheckStatus = 'ok';
  if (health === 'Degraded' || failedOperation) {
    status = 'error';
  } else if (
    sync === 'OutOfSync' ||
    progressingTooLong ||
    health === 'Missing'
  ) {
    status = 'warning';
  } else if (sync === 'Unknown' || health === 'Unknown') {
    status = 'unknown';
  }
  const message = failedOperation
    ? app.status?.operationState?.message
    : app.status?.health?.message;
  return {
    name: app.metadata?.name ?? '',
    sync,
    health,
    revision,
    repoURL,
    revisionUrl: commitUrl(repoURL, revision),
    operationPhase,
    message: status === 'ok' ? undefined : message || undefined,
    status,
  };
}

function describe(app: ArgoCdAppState, progressingTimeoutMs: number): string {
  if (app.status === 'error') {
    return app.health === 'Degraded'
      ? `${app.name} is Degraded`
      : `${app.name}: the last sync ${
          app.operationPhase === 'Error' ? 'errored' : 'failed'
        }`;
  }
  if (app.sync === 'OutOfSync') {
    return `${app.name} is OutOfSync with its GitOps repository`;
  }
  if (app.health === 'Progressing') {
    return `${app.name} has been Progressing for more than ${Math.round(
      progressingTimeoutMs / 60000,
    )} min`;
  }
  return `${app.name} is ${app.sync}/${app.health}`;
}

const REMEDIATION: Record<'error' | 'warning' | 'unknown', string> = {
  error:
    'Open the app in Argo CD and read the failed resources and the sync message; fix the values in the GitOps repository, or the cluster prerequisite it names, then sync again.',
  warning:
    'Sync the app in Argo CD (or merge the pending change), and check that nothing changes the resources by hand; a Progressing app is usually waiting for pods or a PVC.',
  unknown:
    'Let Backstage read Argo CD: grant get and list on applications.argoproj.io in the Argo CD namespace, and check directory.argocd.cluster and directory.argocd.namespace.',
};

/** Creates the `argocd` check with its settings (`directory.argocd`). */
export function createArgoCdCheck(settings: ArgoCdSettings): DirectoryCheck {
  return {
    id: 'argocd',
    title: 'Argo CD sync',
    async run(
      context: DirectoryCheckContext,
    ): Promise<CheckOutcome | undefined> {
      const { instance, now } = context;
      if (!instance.argocdAppName) {
        return undefined;
      }
      const cluster = settings.cluster
        ? context.otherCluster(settings.cluster)
        : context.cluster;
      const where = { cluster: cluster.name, namespace: settings.namespace };
      let apps: ArgoCdApplication[];
      try {
        apps = (await cluster.customObjects({
          ...APPLICATIONS,
          namespace: settings.namespace,
        })) as ArgoCdApplication[];
      } catch (error) {
        return {
          status: 'unknown',
          summary: `Could not read the Argo CD applications in ${
            settings.namespace
          }: ${describeClusterFailure(error, cluster.name)}`,
          remediation: REMEDIATION.unknown,
          details: where,
        };
      }
      const named = apps.find(a => a.metadata?.name === instance.argocdAppName);
      if (!named) {
        return {
          status: 'warning',
          summary: `No Argo CD application ${instance.argocdAppName} in namespace ${settings.namespace} on cluster ${cluster.name}`,
          remediation: `Check the argocd/app-name annotation and that the app-of-apps created the application; if Argo CD runs on another cluster or namespace, set directory.argocd.cluster and directory.argocd.namespace.`,
          details: where,
        };
      }
      const instanceLabel = named.metadata?.labels?.[INSTANCE_LABEL];
      const own = instanceLabel
        ? apps.filter(
            a =>
              a === named ||
              a.metadata?.labels?.[INSTANCE_LABEL] === instanceLabel,
          )
        : [named];
      const states = own
        .map(a => appState(a, now, settings.progressingTimeoutMs))
        .sort((a, b) => a.name.localeCompare(b.name));
      const status = worstStatus(states.map(s => s.status));
      const failing = states.filter(
        s => s.status === status && status !== 'ok',
      );
      const summary =
        status === 'ok'
          ? `${states.length} Argo CD app(s) Synced and Healthy`
          : failing
              .map(s => describe(s, settings.progressingTimeoutMs))
              .join('; ');
      return {
        status,
        summary,
        ...(status === 'ok' ? {} : { remediation: REMEDIATION[status] }),
        details: { ...where, apps: states },
      };
    },
  };
}
