import { LargeAnswerTurns } from './LargeAnswerTurns';

describe('LargeAnswerTurns', () => {
  it('releases one waiting answer per event-loop turn, in order', async () => {
    const turns = new LargeAnswerTurns();
    // Counts check phases: queued from one, an immediate runs in the next.
    let turn = 0;
    let counting = true;
    const count = () => {
      turn++;
      if (counting) {
        setImmediate(count);
      }
    };
    setImmediate(count);

    const released: Array<{ answer: number; turn: number }> = [];
    await Promise.all(
      [0, 1, 2, 3].map(answer =>
        turns.turn().then(() => released.push({ answer, turn })),
      ),
    );
    counting = false;

    expect(released.map(r => r.answer)).toEqual([0, 1, 2, 3]);
    const releaseTurns = released.map(r => r.turn);
    expect(new Set(releaseTurns).size).toBe(4);
  });
});
