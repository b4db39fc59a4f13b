import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * The Directory health poller. Clusters come from the Backstage Kubernetes
   * plugin's `kubernetes.clusterLocatorMethods` (type `config`, auth providers
   * `serviceAccount` and `aws`); AWS credentials from the `aws` section.
   */
  directory?: {
    /**
     * How often every instance is polled, and how long one poll may run.
     * One worker polls across replicas. Default: every 2 minutes, timeout
     * 2 minutes, initial delay 15 seconds.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * How many instances of one cluster are checked at the same time.
     * Default 4. Their requests share at most 4 connections to the cluster.
     */
    concurrency?: number;
    /**
     * How many instances one replica checks at the same time over all its
     * clusters (refreshes are not counted). Default 160.
     */
    totalConcurrency?: number;
    /**
     * How long the checks of one cluster may take in one poll, e.g. `30s`
     * or `{ seconds: 30 }`. Past it, the remaining checks of that cluster's
     * instances are `unknown` with reason "timeout"; other clusters are not
     * affected. Default 30 seconds, or 90% of the schedule's timeout if that
     * is shorter.
     */
    clusterTimeout?:
      | string
      | { milliseconds?: number; seconds?: number; minutes?: number };
    /** Which namespaces the poller may read. */
    namespaces?: {
      /**
       * Namespace patterns (`*` matches any characters, `!pattern`
       * excludes); an instance whose namespace or admin namespace is not
       * allowed is not read and all its checks are `unknown`. Default: every
       * namespace but `kube-*`, `argocd`, `cert-manager`, `external-secrets`,
       * `ingress-nginx` and `backstage`.
       */
      allowed?: string[];
    };
    /** On-demand refreshes (`POST /api/directory/health/refresh`). */
    refresh?: {
      /**
       * A refresh within this long of the instance's stored result returns
       * that result instead of polling the cluster again, e.g. `30s`.
       * Concurrent refreshes of one instance always share one poll.
       * `0s` lets every refresh poll. Default 30 seconds.
       */
      minInterval?:
        | string
        | { milliseconds?: number; seconds?: number; minutes?: number };
    };
    /** The `svid` check. */
    svid?: {
      /**
       * The most apiserver log bytes read per pod per poll; each poll reads
       * only what was logged since the previous one. Default 262144.
       */
      logLimitBytes?: number;
    };
    /** The network probes (the `tls-passthrough` check). */
    probe?: {
      /**
       * The domains probes may reach: a host is probed only if it is one of
       * these domains or a subdomain of one. An instance outside them gets
       * `unknown`. Default: none.
       */
      allowedDomains?: string[];
      /**
       * Address overrides in curl `--resolve` form: `host:port:address:port`
       * (or `host:port:address`, keeping the port), e.g.
       * `api.acme.com:443:10.0.12.7:443`, to probe through an internal
       * address. IPv6 addresses go in brackets.
       */
      resolve?: string[];
      /** How long one probe may take, e.g. `5s`. Default 5 seconds. */
      timeout?: string | { milliseconds?: number; seconds?: number };
    };
    /** The `argocd` check, for instances with the `argocd/app-name` annotation. */
    argocd?: {
      /**
       * The cluster (from `kubernetes.clusterLocatorMethods`) that runs
       * Argo CD. Default: each instance's own cluster.
       */
      cluster?: string;
      /** The namespace of Argo CD's `Application`s. Default `argocd`. */
      namespace?: string;
      /**
       * How long an app may be Progressing before the check warns, e.g.
       * `10m`. Default 10 minutes.
       */
      progressingTimeout?:
        | string
        | { milliseconds?: number; seconds?: number; minutes?: number };
    };
    /** Notifications to an instance's owner when its status changes. */
    notifications?: {
      /**
       * A change to one of these statuses notifies the owner; `ok` only
       * after a notified problem. Default `[error, ok]`; `[]` turns
       * notifications off.
       */
      statuses?: Array<'ok' | 'warning' | 'error' | 'unknown'>;
    };
    /** The status history behind `since` and `GET /health/history`. */
    history?: {
      /**
       * How many days status transitions are kept; older ones are pruned
       * every 6 hours, except the newest of each check. Default 30.
       */
      retentionDays?: number;
    };
    // directory.route53 (the `dns` check) is declared by
    // @directory-ops/plugin-directory-node.
  };
}
