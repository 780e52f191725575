/** Where the browser has no idle callbacks (Safari), what waits for idle runs this much later. */
export const NO_IDLE_CALLBACK_DELAY_MS = 200;

/**
 * Runs `run` when the page is next idle, and `timeoutMs` after now at the latest; returns what
 * cancels it. Safari has no `requestIdleCallback`: there `run` comes a moment later instead
 * (NO_IDLE_CALLBACK_DELAY_MS, or the time limit if that is sooner).
 */
export function whenIdle(run: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const idle = requestIdleCallback(() => run(), { timeout: timeoutMs });
    return () => cancelIdleCallback(idle);
  }
  const timer = setTimeout(run, Math.min(NO_IDLE_CALLBACK_DELAY_MS, timeoutMs));
  return () => clearTimeout(timer);
}
