// Polling helpers: the soak waits on real processes, which on a busy 2-core machine may
// take seconds to come back, so every wait has a generous deadline and says how long it took.

export const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Polls `check` every `everyMs` until it is true or `timeoutMs` passed.
 * @param {() => boolean | Promise<boolean>} check
 * @returns {Promise<{ ok: boolean, ms: number }>}
 */
export async function waitFor(check, timeoutMs, everyMs = 100) {
  const start = Date.now();
  for (;;) {
    if (await check()) return { ok: true, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs) return { ok: false, ms: Date.now() - start };
    await sleep(everyMs);
  }
}
