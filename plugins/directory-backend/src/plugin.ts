import tls from 'node:tls';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { directoryPermissions } from '@directory-ops/plugin-directory-common';
import {
  directoryChecksExtensionPoint,
  DirectoryChecksExtensionPoint,
  directoryClustersServiceRef,
} from '@directory-ops/plugin-directory-node';
import { DirectoryRestClient, registerDirectoryActions } from './actions';
import { BUILT_IN_CHECKS } from './checks';
import { createArgoCdCheck } from './checks/argocd';
import { CheckRegistry } from './checks/CheckRegistry';
import { HISTORY_PRUNE_SCHEDULE, readDirectoryBackendConfig } from './config';
import { HealthStore } from './database/HealthStore';
import { NotificationClaims } from './database/NotificationClaims';
import { HealthNotifier } from './notifications/HealthNotifier';
import { HealthSignals } from './signals/HealthSignals';
import { Route53RecordReader } from './dns/Route53RecordReader';
import { HealthPoller } from './service/HealthPoller';
import { InstanceRefresher } from './service/InstanceRefresher';
import { createRouter } from './service/router';

/**
 * The id of the scheduled poll task of the instances whose cluster is not
 * configured (they are `unknown` at once); each configured cluster has its
 * own task, {@link clusterPollTaskId}.
 */
export const POLL_TASK_ID = 'directory-health-poll';

/** The id of the task that prunes status transitions past the retention. */
export const HISTORY_PRUNE_TASK_ID = 'directory-history-prune';

/**
 * The id of the scheduled poll task of one cluster. Each is a global task,
 * so replicas on a shared database split the clusters between them.
 */
export function clusterPollTaskId(cluster: string): string {
  return `${POLL_TASK_ID}:${cluster}`;
}

/**
 * Polls the health of every AGNTCY Directory instance on a schedule and
 * serves it under `/api/directory`.
 *
 * @public
 */
export const directoryPlugin = createBackendPlugin({
  pluginId: 'directory',
  register(env) {
    const checks = new CheckRegistry();
    const extension: DirectoryChecksExtensionPoint = {
      addCheck: check => checks.add(check),
    };
    env.registerExtensionPoint(directoryChecksExtensionPoint, extension);
    // The built-in checks are added as a module adds its own.
    for (const check of BUILT_IN_CHECKS) {
      extension.addCheck(check);
    }

    env.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        clusters: directoryClustersServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init({
        actionsRegistry,
        auth,
        config,
        database,
        discovery,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        catalog,
        clusters,
        notifications,
        signals,
      }) {
        const settings = readDirectoryBackendConfig(config);
        // Added here rather than with the other built-ins because it needs
        // directory.argocd; still through the extension point.
        extension.addCheck(createArgoCdCheck(settings.argocd));
        permissionsRegistry.addPermissions(directoryPermissions);

        const store = await HealthStore.create({ database });
        const notifier = new HealthNotifier({
          notifications,
          catalog,
          auth,
          logger,
          claims: await NotificationClaims.create({ database }),
          settings: settings.notifications,
        });
        const poller = new HealthPoller({
          catalog,
          auth,
          logger,
          connector: clusters,
          store,
          settings,
          route53: new Route53RecordReader(
            settings.route53,
            DefaultAwsCredentialsManager.fromConfig(config),
          ),
          publicTrustStore: tls.rootCertificates,
          checks: checks.list(),
          listeners: [
            notifier.onHealthChange,
            new HealthSignals(signals).onHealthChange,
          ],
        });

        // One task per cluster: N replicas split the clusters, and a cluster
        // is polled by one replica per cycle.
        const configured = new Set(clusters.listClusters().map(c => c.name));
        await scheduler.scheduleTask({
          id: POLL_TASK_ID,
          ...settings.schedule,
          // One worker across replicas, whatever the config says.
          scope: 'global',
          fn: signal =>
            poller.pollAll(signal, cluster => !configured.has(cluster)),
        });
        for (const cluster of configured) {
          await scheduler.scheduleTask({
            id: clusterPollTaskId(cluster),
            ...settings.schedule,
            scope: 'global',
            fn: signal => poller.pollAll(signal, c => c === cluster),
          });
        }

        await scheduler.scheduleTask({
          id: HISTORY_PRUNE_TASK_ID,
          ...HISTORY_PRUNE_SCHEDULE,
          scope: 'global',
          fn: async () => {
            const before = new Date(
              Date.now() - settings.historyRetentionDays * 24 * 60 * 60 * 1000,
            );
            const removed = await store.pruneTransitions(before);
            logger.info(
              `Pruned ${removed} status transition(s) older than ${before.toISOString()}`,
            );
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            store,
            poller,
            refresher: new InstanceRefresher({
              poll: instance => poller.pollInstance(instance),
              latest: entityRef => store.latest(entityRef),
              minIntervalMs: settings.refreshMinIntervalMs,
            }),
          }),
        );

        // Actions for MCP clients and templates, answered by the REST API
        // above on behalf of the caller.
        registerDirectoryActions({
          actionsRegistry,
          client: new DirectoryRestClient({ discovery, auth }),
        });
      },
    });
  },
});
