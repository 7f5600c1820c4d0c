// Watching the event loop from a test.

/** Counts turns of the event loop (a setImmediate that schedules itself) until stopped. */
export function countTurns(): { readonly count: number; stop(): void } {
  let count = 0;
  let stopped = false;
  const turn = () => {
    if (stopped) return;
    count++;
    setImmediate(turn);
  };
  setImmediate(turn);
  return {
    get count() {
      return count;
    },
    stop() {
      stopped = true;
    },
  };
}
