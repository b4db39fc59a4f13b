import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  CheckResult,
  CheckStatus,
} from '@directory-ops/plugin-directory-common';
import type { NotificationSettings } from '../config';
import type { NotificationClaims } from '../database/NotificationClaims';
import type { HealthChange } from '../service/HealthListener';

/** The severity of the notification of each new status. */
export const NOTIFICATION_SEVERITY: Record<CheckStatus, NotificationSeverity> =
  {
    error: 'high',
    warning: 'normal',
    unknown: 'normal',
    ok: 'low',
  };

const NOTIFIED_CHECK_ORDER: CheckStatus[] = ['error', 'warning'];

/** Options of {@link HealthNotifier}. */
export interface HealthNotifierOptions {
  notifications: NotificationService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  claims: NotificationClaims;
  settings: NotificationSettings;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0].trim();
}

/** The failing checks, worst first, each with its first remediation line. */
function describeFailingChecks(checks: CheckResult[]): string {
  const failing = NOTIFIED_CHECK_ORDER.flatMap(status =>
    checks.filter(check => check.status === status),
  );
  if (failing.length === 0) {
    return 'Every check passes.';
  }
  return failing
    .map(check => {
      const line = `${check.title} (${check.status}): ${check.summary}`;
      return check.remediation
        ? `${line} Fix: ${firstLine(check.remediation)}`
        : line;
    })
    .join('\n');
}

/** The owner of an entity, from its `ownedBy` relation or `spec.owner`. */
function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) {
    return relation.targetRef;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.length === 0) {
    return undefined;
  }
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'Group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

/** The entity page in the app, relative to the app's base URL. */
function entityPath(entity: Entity): string {
  const namespace = encodeURIComponent(entity.metadata.namespace ?? 'default');
  const kind = encodeURIComponent(entity.kind.toLocaleLowerCase('en-US'));
  return `/catalog/${namespace}/${kind}/${encodeURIComponent(
    entity.metadata.name,
  )}`;
}

/**
 * Tells an instance's owner when its status changes to one of
 * `directory.notifications.statuses` (default `error`, and `ok` again after
 * a notified problem). A status that did not change sends nothing; one
 * transition sends at most one notification across replicas, because the
 * replica that sends first claims it in the database.
 */
export class HealthNotifier {
  readonly #options: HealthNotifierOptions;

  constructor(options: HealthNotifierOptions) {
    this.#options = options;
  }

  /** The poller's listener for new results. */
  readonly onHealthChange = async ({
    previous,
    current,
  }: HealthChange): Promise<void> => {
    const { claims, settings } = this.#options;
    if (!previous || previous.status === current.status) {
      return;
    }
    if (!settings.statuses.includes(current.status)) {
      return;
    }
    const lastNotified = await claims.lastNotified(current.entityRef);
    // Nothing to announce as fixed if no problem was announced, and no
    // second announcement of a status the owner already heard about.
    if (
      lastNotified === current.status ||
      (current.status === 'ok' && lastNotified === undefined)
    ) {
      return;
    }
    const claimed = await claims.claim({
      entityRef: current.entityRef,
      fromCheckedAt: previous.checkedAt,
      status: current.status,
      at: new Date(),
    });
    if (!claimed) {
      return;
    }
    await this.#send(current.entityRef, current.status, current.checks);
  };

  async #send(
    entityRef: string,
    status: CheckStatus,
    checks: CheckResult[],
  ): Promise<void> {
    const { catalog, auth, logger, notifications } = this.#options;
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    const owner = entity && ownerOf(entity);
    if (!entity || !owner) {
      logger.warn(
        `No notification for Directory instance ${entityRef}: it has no owner in the catalog`,
      );
      return;
    }
    const title = entity.metadata.title ?? entity.metadata.name;
    const notification: NotificationSendOptions = {
      recipients: { type: 'entity', entityRef: owner },
      payload: {
        title:
          status === 'ok' ? `${title} is ok again` : `${title} is ${status}`,
        description: describeFailingChecks(checks),
        link: entityPath(entity),
        severity: NOTIFICATION_SEVERITY[status],
        topic: entityRef,
      },
    };
    await notifications.send(notification);
    logger.info(
      `Notified ${owner} that Directory instance ${entityRef} is ${status}`,
    );
  }
}
