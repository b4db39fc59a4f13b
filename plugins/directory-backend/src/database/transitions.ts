import {
  CheckResult,
  CheckStatus,
  HealthTransition,
  worstCheck,
} from '@directory-ops/plugin-directory-common';
import { Knex } from 'knex';

/** The table of status transitions. */
export const TRANSITIONS_TABLE = 'directory_health_transitions';
const TABLE = TRANSITIONS_TABLE;

/** The `check_id` of the instance's own status. */
const INSTANCE = '';

/** The most transitions one history answer holds. */
export const TRANSITIONS_LIMIT = 5000;

interface TransitionRow {
  id: number | string;
  entity_ref: string;
  check_id: string;
  status: string;
  previous_status: string | null;
  summary: string | null;
  at: string;
}

/** A status and the ISO time it began. */
export interface StatusSince {
  status: CheckStatus;
  since: string;
}

/** The health result whose transitions are recorded. */
export interface TransitionSource {
  entityRef: string;
  status: CheckStatus;
  checkedAt: string;
  checks: CheckResult[];
}

function toTransition(row: TransitionRow): HealthTransition {
  return {
    ...(row.check_id === INSTANCE ? {} : { checkId: row.check_id }),
    status: row.status as CheckStatus,
    ...(row.previous_status
      ? { previousStatus: row.previous_status as CheckStatus }
      : {}),
    ...(row.summary !== null ? { summary: row.summary } : {}),
    at: row.at,
  };
}

async function latestRows(
  db: Knex,
  entityRefs: string[] | undefined,
  checkId?: string,
): Promise<TransitionRow[]> {
  const newest = db<TransitionRow>(TABLE)
    .max('id')
    .groupBy(['entity_ref', 'check_id']);
  if (entityRefs) {
    newest.whereIn('entity_ref', entityRefs);
  }
  if (checkId !== undefined) {
    newest.where({ check_id: checkId });
  }
  return db<TransitionRow>(TABLE).whereIn('id', newest);
}

/**
 * Stores a transition for the instance and for each check whose status
 * differs from its last recorded one. Polls that change nothing write
 * nothing, so a burst of refreshes cannot push older changes out.
 */
export async function recordTransitions(
  db: Knex,
  results: readonly TransitionSource[],
): Promise<void> {
  const current = new Map<string, Map<string, TransitionRow>>();
  for (const row of await latestRows(
    db,
    results.map(r => r.entityRef),
  )) {
    const ofEntity = current.get(row.entity_ref) ?? new Map();
    ofEntity.set(row.check_id, row);
    current.set(row.entity_ref, ofEntity);
  }
  const rows: Array<Omit<TransitionRow, 'id'>> = [];
  for (const result of results) {
    const ofEntity = current.get(result.entityRef) ?? new Map();
    current.set(result.entityRef, ofEntity);
    const add = (
      checkId: string,
      status: CheckStatus,
      summary: string | undefined,
      at: string,
    ) => {
      const previous = ofEntity.get(checkId);
      if (previous?.status === status) {
        return;
      }
      const row = {
        entity_ref: result.entityRef,
        check_id: checkId,
        status,
        previous_status: previous?.status ?? null,
        summary: summary ?? null,
        at,
      };
      rows.push(row);
      // A later result of the same instance in this batch compares with it.
      ofEntity.set(checkId, { id: 0, ...row });
    };
    add(
      INSTANCE,
      result.status,
      worstCheck(result.checks)?.summary,
      result.checkedAt,
    );
    for (const check of result.checks) {
      add(check.id, check.status, check.summary, check.observedAt);
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    await db(TABLE).insert(rows.slice(i, i + 200));
  }
}

/**
 * Since when the instance (key `''`) and each of its checks (key: check id)
 * have held their last recorded status.
 */
export async function readSince(
  db: Knex,
  entityRef: string,
): Promise<Map<string, StatusSince>> {
  return new Map(
    (await latestRows(db, [entityRef])).map(row => [
      row.check_id,
      { status: row.status as CheckStatus, since: row.at },
    ]),
  );
}

const sinceOfAllCache = new WeakMap<
  Knex,
  { version: string; value: Map<string, StatusSince> }
>();

/**
 * Since when every instance has held its status, by entity ref. Rows are
 * only added with higher ids, so the answer is kept until the highest id
 * changes.
 */
export async function readInstanceSinceOfAll(
  db: Knex,
): Promise<Map<string, StatusSince>> {
  const newest: { id?: number | string } | undefined = await db(TABLE)
    .max({ id: 'id' })
    .first();
  const version = String(newest?.id ?? '');
  const cached = sinceOfAllCache.get(db);
  if (cached?.version === version) {
    return cached.value;
  }
  const value = new Map(
    (await latestRows(db, undefined, INSTANCE)).map(row => [
      row.entity_ref,
      { status: row.status as CheckStatus, since: row.at },
    ]),
  );
  sinceOfAllCache.set(db, { version, value });
  return value;
}

/** The transitions of an instance between two ISO times (inclusive), newest first. */
export async function readTransitions(
  db: Knex,
  entityRef: string,
  window: { from: string; to: string },
): Promise<HealthTransition[]> {
  const rows = await db<TransitionRow>(TABLE)
    .where({ entity_ref: entityRef })
    .andWhere('at', '>=', window.from)
    .andWhere('at', '<=', window.to)
    .orderBy('id', 'desc')
    .limit(TRANSITIONS_LIMIT);
  return rows.map(toTransition);
}

/**
 * Deletes transitions older than `before`, except the newest of each check,
 * which still says since when its status holds. Returns how many went.
 */
export async function pruneTransitions(
  db: Knex,
  before: string,
): Promise<number> {
  const newest = db<TransitionRow>(TABLE)
    .max('id')
    .groupBy(['entity_ref', 'check_id']);
  return db<TransitionRow>(TABLE)
    .where('at', '<', before)
    .whereNotIn('id', newest)
    .delete();
}

/**
 * A stored result with the `since` of the instance and of each check whose
 * recorded status is the one the result holds.
 */
export function withSince<T extends TransitionSource>(
  result: T,
  since: Map<string, StatusSince>,
): T & { since?: string } {
  const sinceOf = (key: string, status: CheckStatus) => {
    const entry = since.get(key);
    return entry?.status === status ? { since: entry.since } : {};
  };
  return {
    ...result,
    ...sinceOf(INSTANCE, result.status),
    checks: result.checks.map(check => ({
      ...check,
      ...sinceOf(check.id, check.status),
    })),
  };
}
