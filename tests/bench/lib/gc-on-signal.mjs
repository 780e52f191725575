// Preloaded into a bench server with `node --expose-gc --import` (the server's code is not
// changed): SIGURG runs a full garbage collection of the main thread's heap, so that a
// memory reading counts what is live rather than what is waiting to be collected. The
// server's other threads (the doc thread, SQLite's) collect on their own.
import { isMainThread } from 'node:worker_threads';

if (isMainThread && typeof globalThis.gc === 'function') {
  const gc = /** @type {() => void} */ (globalThis.gc);
  process.on('SIGURG', () => gc());
}
