import type {
  ContainerLogState,
  ContainerLogStateStore,
} from './SvidLogTracker';

/** Where {@link BatchedLogStates} loads and saves. */
export interface LogStateBatchStore {
  getSvidLogStates(prefix: string): Promise<Map<string, ContainerLogState>>;
  setSvidLogStates(
    states: ReadonlyMap<string, ContainerLogState>,
    readAt: Date,
  ): Promise<void>;
}

/**
 * The SVID log states of one cluster for one poll: loaded with one query on
 * first use and saved with one statement by {@link BatchedLogStates.flush},
 * instead of a read and a write per container.
 */
export class BatchedLogStates implements ContainerLogStateStore {
  readonly #store: LogStateBatchStore;
  readonly #prefix: string;
  #loaded?: Promise<Map<string, ContainerLogState>>;
  readonly #changed = new Map<string, ContainerLogState>();
  #readAt?: Date;

  /** `prefix`: the start of every key of the cluster (`<cluster>/`). */
  constructor(store: LogStateBatchStore, prefix: string) {
    this.#store = store;
    this.#prefix = prefix;
  }

  async getSvidLogState(key: string): Promise<ContainerLogState | undefined> {
    this.#loaded ??= this.#store.getSvidLogStates(this.#prefix);
    const state = this.#changed.get(key) ?? (await this.#loaded).get(key);
    // A copy: the caller replaces (never changes inside) what it gets.
    return state && { ...state };
  }

  async setSvidLogState(
    key: string,
    state: ContainerLogState,
    readAt: Date,
  ): Promise<void> {
    this.#changed.set(key, state);
    this.#readAt = readAt;
  }

  /** Saves every state set since the last flush. */
  async flush(): Promise<void> {
    if (this.#changed.size === 0 || !this.#readAt) {
      return;
    }
    const changed = new Map(this.#changed);
    this.#changed.clear();
    await this.#store.setSvidLogStates(changed, this.#readAt);
  }
}
