// Who gets the processor while the pages are made. Three things compete for it then: this thread
// rendering, the writer's thread, and Pagefind's process indexing the records it was given while
// the content was read. On two cores Pagefind got about a third of one (CPU per thread from
// /proc), so where making files is quick it was still indexing for 1-1.5 s after the last page,
// with a core idle. A build that ends the process lets this thread step back instead: Pagefind
// (and the writer) go first, the rendering takes what is left, and the build ends sooner. Where
// making files is slow, the writer sets the pace, Pagefind keeps up anyway, and nothing changes.
import { getPriority, setPriority } from 'node:os';

/**
 * The nice value this thread takes (0 is the default, 19 the lowest priority). In alternating cold
 * builds of 4,000 chapters into a tmpfs folder, 3, 8 and 19 all shortened the build, 8 and 19 the
 * most (by some 0.5 s of 8.2 s); on this machine's disk none changed it (10 pairs).
 */
export const RENDERING_NICENESS = 8;

/**
 * Lowers the calling thread's priority to `niceness`, unless it is that low already; gives back
 * whether it did. Only on Linux, where each thread has a nice value of its own (elsewhere the whole
 * process would step back, the writer's thread with it). An unprivileged thread cannot raise its
 * priority again, so only a build that ends its process may call this (not the preview server).
 */
export function stepBack(niceness = RENDERING_NICENESS): boolean {
  if (process.platform !== 'linux') return false;
  try {
    if (getPriority(0) >= niceness) return false;
    setPriority(0, niceness);
    return true;
  } catch {
    // Not allowed here: the build goes on as it is.
    return false;
  }
}
