// Work done in one long synchronous stretch on this thread holds up whatever comes through the
// event loop meanwhile: Pagefind's replies on its pipe (pages/search.ts), the writer's thread's
// messages. Long stages let the loop run every few milliseconds.

/** How often a long stage lets the event loop run. */
export const TURN_MS = 10;

/** Lets the event loop run once `everyMs` have passed since it last did (`take`), or not at all before. */
export class EventLoopTurns {
  private last: number;

  constructor(
    private readonly everyMs = TURN_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** Settles after a turn of the event loop when one is due, at once otherwise. */
  async take(): Promise<void> {
    if (this.now() - this.last < this.everyMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.last = this.now();
  }
}
