// Long stages let the event loop run every few milliseconds, and not more often.
import { describe, expect, it } from 'vitest';
import { EventLoopTurns } from '../../src/pipeline/event-loop.ts';
import { countTurns } from '../support/turns.ts';

describe('EventLoopTurns', () => {
  it('lets the event loop run once the time has passed since its last turn, and not before', async () => {
    let now = 1000;
    const turns = new EventLoopTurns(10, () => now);
    const counter = countTurns();
    // Milliseconds passed before each take, and the turns the loop has had after it: none before
    // 10 ms, one at 10 ms, then counted afresh from that turn.
    const steps: [number, number][] = [[0, 0], [9, 0], [1, 1], [5, 1], [5, 2]];
    const seen: number[] = [];
    for (const [passed] of steps) {
      now += passed;
      await turns.take();
      seen.push(counter.count);
    }
    expect(seen).toEqual(steps.map(([, count]) => count));
    counter.stop();
  });
});
