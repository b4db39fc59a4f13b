import { getEventListeners } from 'node:events';
import { Deadline } from './Deadline';

describe('Deadline', () => {
  it('aborts with a TimeoutError when the time is up', async () => {
    const deadline = new Deadline(20);
    await new Promise(resolve =>
      deadline.signal.addEventListener('abort', resolve),
    );
    expect(deadline.signal.reason).toMatchObject({
      name: 'TimeoutError',
      message: 'The operation timed out after 20 ms',
    });
  });

  it("aborts with the caller's reason, also when the caller was aborted already", () => {
    const caller = new AbortController();
    const deadline = new Deadline(10_000, caller.signal);
    caller.abort(new Error('task ended'));
    expect(deadline.signal.reason).toEqual(new Error('task ended'));
    deadline.clear();

    const early = new Deadline(10_000, caller.signal);
    expect(early.signal.aborted).toBe(true);
    early.clear();
  });

  it("leaves nothing on the caller's signal once cleared", () => {
    const caller = new AbortController();
    for (let i = 0; i < 100; i++) {
      new Deadline(10_000, caller.signal).clear();
    }
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('races work against the deadline', async () => {
    await expect(Deadline.race(Promise.resolve('done'), 1_000)).resolves.toBe(
      'done',
    );
    await expect(
      Deadline.race(new Promise(() => undefined), 20),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
