/** setTimeout's longest delay, 2^31-1 ms (about 24.8 days): Node fires a longer one after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `run` once at `at` (ms since the epoch), however far away. A wait past setTimeout's
 * limit is taken in steps, and each step reads the clock again, so the run never comes early
 * (a timer that fires a little early only re-arms). Always from a timer, never synchronously,
 * even when `at` has passed. The pending timer keeps no process alive. Returns a cancel.
 */
export function runAt(at: number, run: () => void, now: () => number = Date.now): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const wait = Math.max(0, at - now());
    timer = setTimeout(() => (now() >= at ? run() : arm()), Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
