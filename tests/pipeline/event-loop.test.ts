// Long stages let the event loop run every few milliseconds, and not more often.
import { describe, expect, it } from 'vitest';
import { EventLoopTurns } from '../../src/pipeline/event-loop.ts';
import { countTurns } from '../support/turns.ts';

describe('EventLoopTurns', () => {
  it('lets the event loop run once the time has passed since its last turn, and not before', async () => {
    let now = 1000;
    const turns = new EventLoopTurns(10, () => now);
    const counter = countTurns();
    await turns.take();
    expect(counter.count).toBe(0);
    now += 9;
    await turns.take();
    expect(counter.count).toBe(0);
    now += 1;
    await turns.take();
    expect(counter.count).toBe(1);
    // Counted afresh from that turn.
    now += 5;
    await turns.take();
    expect(counter.count).toBe(1);
    now += 5;
    await turns.take();
    expect(counter.count).toBe(2);
    counter.stop();
  });
});
