import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  CheckResult,
  CheckStatus,
  HealthTransition,
  InstanceHealth,
} from '@directory-ops/plugin-directory-common';
import { Knex } from 'knex';
import type {
  ContainerLogState,
  ContainerLogStateStore,
} from '../cluster/SvidLogTracker';
import {
  pruneTransitions,
  readInstanceSinceOfAll,
  readSince,
  readTransitions,
  recordTransitions,
  StatusSince,
  TRANSITIONS_TABLE,
  withSince,
} from './transitions';

const TABLE = 'directory_health_results';
const SVID_LOG_STATES = 'directory_svid_log_states';

/** How many instances' served health {@link HealthStore.health} keeps. */
const HEALTH_CACHE_SIZE = 1000;
/**
 * How long reads of the served health share one check of what the database
 * holds; what this replica stores is seen at once, other replicas' writes
 * within this time.
 */
const HEALTH_VERSION_REUSE_MS = 250;

/** SVID log states not read for this long belong to gone containers. */
const SVID_LOG_STATE_TTL_MS = 24 * 60 * 60 * 1000;

/** How many results are kept per instance. */
export const HISTORY_LIMIT = 50;

/** Rows per statement: well within the bound parameters of SQLite and PostgreSQL. */
const ROWS_PER_STATEMENT = 200;

function chunked<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) {
    chunks.push(items.slice(i, i + ROWS_PER_STATEMENT));
  }
  return chunks;
}

/** One stored poll of one instance. */
export interface StoredHealth {
  entityRef: string;
  status: CheckStatus;
  checkedAt: string;
  checks: CheckResult[];
}

interface Row {
  id: number | string;
  entity_ref: string;
  status: string;
  checked_at: string;
  checks: string;
}

function fromRow(row: Row): StoredHealth {
  const checks = JSON.parse(row.checks) as Array<
    Omit<CheckResult, 'title'> & { title?: string }
  >;
  // Rows stored before results carried a title show the check id. The
  // parsed checks are this call's own, so they are completed in place.
  for (const check of checks) {
    check.title ??= check.id;
  }
  return {
    entityRef: row.entity_ref,
    status: row.status as CheckStatus,
    checkedAt: row.checked_at,
    checks: checks as CheckResult[],
  };
}

interface SvidLogStateRow {
  container_key: string;
  state: string;
  read_at: number | string;
}

/**
 * The health results and their bounded history, and where the svid check
 * stopped reading each container's log, in the plugin database (SQLite or
 * PostgreSQL), so a restart or another replica loses nothing.
 */
export class HealthStore implements ContainerLogStateStore {
  readonly #db: Knex;
  #latestOfAll?: { version: string; value: Map<string, StoredHealth> };
  readonly #health = new Map<
    string,
    { version: string; value: InstanceHealth }
  >();
  #healthVersion?: { at: number; version: Promise<string> };

  /** Connects and runs the migrations (unless the database service skips them). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<HealthStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@directory-ops/plugin-directory-backend',
          'migrations',
        ),
      });
    }
    return new HealthStore(db);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Stores a result and drops the oldest beyond {@link HISTORY_LIMIT}. */
  async add(result: StoredHealth): Promise<void> {
    await this.addAll([result]);
  }

  /**
   * Stores the results of a poll in one transaction, records their
   * transitions and drops what is beyond {@link HISTORY_LIMIT} per instance:
   * a handful of statements for a whole cluster instead of several per
   * instance.
   */
  async addAll(results: readonly StoredHealth[]): Promise<void> {
    if (results.length === 0) {
      return;
    }
    await this.#db.transaction(async tx => {
      for (const chunk of chunked(results)) {
        await tx<Row>(TABLE).insert(
          chunk.map(result => ({
            entity_ref: result.entityRef,
            status: result.status,
            checked_at: result.checkedAt,
            checks: JSON.stringify(result.checks),
          })),
        );
        await recordTransitions(tx, chunk);
        const ranked = tx<Row>(TABLE)
          .select('id')
          .select(
            tx.raw(
              'row_number() over (partition by entity_ref order by id desc) as newer',
            ),
          )
          .whereIn(
            'entity_ref',
            chunk.map(r => r.entityRef),
          );
        await tx<Row>(TABLE)
          .whereIn(
            'id',
            tx
              .from(ranked.as('ranked'))
              .select('id')
              .where('newer', '>', HISTORY_LIMIT),
          )
          .delete();
      }
    });
    // What this replica stored is served at once.
    this.#healthVersion = undefined;
  }

  /** The newest result of an instance. */
  async latest(entityRef: string): Promise<StoredHealth | undefined> {
    const row = await this.#db<Row>(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** The newest result of each of the instances, by entity ref. */
  async latestOf(
    entityRefs: readonly string[],
  ): Promise<Map<string, StoredHealth>> {
    const latest = new Map<string, StoredHealth>();
    for (const chunk of chunked(entityRefs)) {
      const rows = await this.#db<Row>(TABLE).whereIn(
        'id',
        this.#db<Row>(TABLE)
          .max('id')
          .whereIn('entity_ref', chunk)
          .groupBy('entity_ref'),
      );
      for (const row of rows) {
        latest.set(row.entity_ref, fromRow(row));
      }
    }
    return latest;
  }

  /**
   * The health of an instance as the API serves it: the newest result with
   * since when the instance and each check hold their status (`unknown`
   * with no checks before the first poll). Kept until any replica stores a
   * result or a transition, so a card's read costs one small query.
   */
  async health(entityRef: string): Promise<InstanceHealth> {
    const version = await this.#storedVersion();
    const cached = this.#health.get(entityRef);
    if (cached?.version === version) {
      return cached.value;
    }
    const [stored, since] = await Promise.all([
      this.latest(entityRef),
      this.since(entityRef),
    ]);
    const value: InstanceHealth = stored
      ? withSince(stored, since)
      : { entityRef, status: 'unknown', checks: [] };
    this.#health.delete(entityRef);
    this.#health.set(entityRef, { version, value });
    if (this.#health.size > HEALTH_CACHE_SIZE) {
      // The least recently stored entry goes first.
      this.#health.delete(this.#health.keys().next().value as string);
    }
    return value;
  }

  /**
   * What the database holds, as the highest ids of results and transitions
   * (rows are only ever added with higher ids), read at most once per
   * {@link HEALTH_VERSION_REUSE_MS}.
   */
  #storedVersion(): Promise<string> {
    const now = Date.now();
    if (
      !this.#healthVersion ||
      now - this.#healthVersion.at > HEALTH_VERSION_REUSE_MS
    ) {
      const version = this.#db
        .select({
          results: this.#db(TABLE).max('id'),
          transitions: this.#db(TRANSITIONS_TABLE).max('id'),
        })
        .first()
        .then(
          (newest: { results?: unknown; transitions?: unknown } | undefined) =>
            `${newest?.results ?? ''}/${newest?.transitions ?? ''}`,
        );
      version.catch(() => {
        this.#healthVersion = undefined;
      });
      this.#healthVersion = { at: now, version };
    }
    return this.#healthVersion.version;
  }

  /** The newest result of every instance, by entity ref. */
  async latestOfAll(): Promise<Map<string, StoredHealth>> {
    // Rows are only ever added with a higher id (old ones pruned), so the
    // highest id tells whether any replica stored a result since.
    const newest: { id?: number | string } | undefined = await this.#db(TABLE)
      .max({ id: 'id' })
      .first();
    const version = String(newest?.id ?? '');
    if (this.#latestOfAll?.version === version) {
      return this.#latestOfAll.value;
    }
    const rows = await this.#db<Row>(TABLE).whereIn(
      'id',
      this.#db<Row>(TABLE).max('id').groupBy('entity_ref'),
    );
    const value = new Map(rows.map(row => [row.entity_ref, fromRow(row)]));
    this.#latestOfAll = { version, value };
    return value;
  }

  /** Since when the instance (key `''`) and each check (key: its id) hold their status. */
  async since(entityRef: string): Promise<Map<string, StatusSince>> {
    return readSince(this.#db, entityRef);
  }

  /** Since when every instance holds its status, by entity ref. */
  async instanceSinceOfAll(): Promise<Map<string, StatusSince>> {
    return readInstanceSinceOfAll(this.#db);
  }

  /** The status transitions of an instance in a window, newest first. */
  async transitions(
    entityRef: string,
    window: { from: string; to: string },
  ): Promise<HealthTransition[]> {
    return readTransitions(this.#db, entityRef, window);
  }

  /** Drops transitions older than `before`, keeping each check's newest. */
  async pruneTransitions(before: Date): Promise<number> {
    return pruneTransitions(this.#db, before.toISOString());
  }

  /** Where the svid check stopped reading a container's log. */
  async getSvidLogState(key: string): Promise<ContainerLogState | undefined> {
    const row = await this.#db<SvidLogStateRow>(SVID_LOG_STATES)
      .where({ container_key: key })
      .first();
    return row ? (JSON.parse(row.state) as ContainerLogState) : undefined;
  }

  /** The log states of every container whose key starts with `prefix`. */
  async getSvidLogStates(
    prefix: string,
  ): Promise<Map<string, ContainerLogState>> {
    const rows = await this.#db<SvidLogStateRow>(SVID_LOG_STATES).whereRaw(
      "container_key like ? escape '\\'",
      [`${prefix.replace(/[\\%_]/g, c => `\\${c}`)}%`],
    );
    return new Map(
      rows
        // SQLite's `like` ignores case.
        .filter(row => row.container_key.startsWith(prefix))
        .map(row => [
          row.container_key,
          JSON.parse(row.state) as ContainerLogState,
        ]),
    );
  }

  /** Saves a container's log state and drops those not read for a day. */
  async setSvidLogState(
    key: string,
    state: ContainerLogState,
    readAt: Date,
  ): Promise<void> {
    await this.setSvidLogStates(new Map([[key, state]]), readAt);
  }

  /** Saves the log states of many containers and drops those not read for a day. */
  async setSvidLogStates(
    states: ReadonlyMap<string, ContainerLogState>,
    readAt: Date,
  ): Promise<void> {
    for (const chunk of chunked([...states])) {
      await this.#db<SvidLogStateRow>(SVID_LOG_STATES)
        .insert(
          chunk.map(([key, state]) => ({
            container_key: key,
            state: JSON.stringify(state),
            read_at: readAt.getTime(),
          })),
        )
        .onConflict('container_key')
        .merge();
    }
    await this.#db<SvidLogStateRow>(SVID_LOG_STATES)
      .where('read_at', '<', readAt.getTime() - SVID_LOG_STATE_TTL_MS)
      .delete();
  }

  /** Past results of an instance, newest first. */
  async history(entityRef: string): Promise<StoredHealth[]> {
    const rows = await this.#db<Row>(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .limit(HISTORY_LIMIT);
    return rows.map(fromRow);
  }
}
