/**
 * Answers of at least this many bytes wait for a turn of their own before
 * they are parsed (parsing and shaping 64 KiB of pods takes about 0.3 ms
 * on an idle core, more on a busy one, and the result is collected later).
 */
export const LARGE_ANSWER_BYTES = 64 * 1024;

/**
 * Hands large answers on to their parsing one per event-loop turn. Answers
 * of a cluster's lists arrive together (the lists are sent together), and
 * parsing all of them in the turn that read them would keep timers and
 * every other request waiting for the sum. A released answer is parsed in
 * the check phase of a turn, and the next is released in the following
 * turn, after its timers and I/O.
 */
export class LargeAnswerTurns {
  readonly #waiting: Array<() => void> = [];
  #scheduled = false;

  /** Resolves in a turn in which no other large answer was released. */
  turn(): Promise<void> {
    return new Promise(resolve => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) {
      return;
    }
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#waiting.shift()?.();
      if (this.#waiting.length > 0) {
        // Queued from the check phase, this runs in the next turn.
        this.#schedule();
      }
    });
  }
}

/** One per process: the event loop they share is the process's. */
export const largeAnswerTurns = new LargeAnswerTurns();
