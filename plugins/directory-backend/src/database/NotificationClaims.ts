import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { CheckStatus } from '@directory-ops/plugin-directory-common';
import type { Knex } from 'knex';

const TABLE = 'directory_notification_claims';

interface ClaimRow {
  id: number | string;
  entity_ref: string;
  from_checked_at: string;
  status: string;
  claimed_at: string;
}

/**
 * The status notifications sent per instance. A replica claims a transition
 * (the instance and the result its status changed from) before it sends; the
 * unique key lets exactly one claim win. The migrations run in
 * `HealthStore.create`.
 */
export class NotificationClaims {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
  }): Promise<NotificationClaims> {
    return new NotificationClaims(await options.database.getClient());
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** The status of the last notification sent for an instance. */
  async lastNotified(entityRef: string): Promise<CheckStatus | undefined> {
    const row = await this.#db<ClaimRow>(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .first('status');
    return row?.status as CheckStatus | undefined;
  }

  /**
   * Claims the notification of a transition; `false` when another replica
   * (or an earlier call) already claimed it.
   */
  async claim(claim: {
    entityRef: string;
    fromCheckedAt: string;
    status: CheckStatus;
    at: Date;
  }): Promise<boolean> {
    const inserted = await this.#db<ClaimRow>(TABLE)
      .insert({
        entity_ref: claim.entityRef,
        from_checked_at: claim.fromCheckedAt,
        status: claim.status,
        claimed_at: claim.at.toISOString(),
      })
      .onConflict(['entity_ref', 'from_checked_at'])
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }
}
