// Child processes (child_process.fork) that hold a bench's clients, away from the bench's
// own process and the server's: lib/idle-clients.mjs (density) and lib/storm-clients.mjs
// (join storm). Each is driven by request/answer messages over IPC, answered in order.
import { fork } from 'node:child_process';

/**
 * @typedef {object} ClientProc
 * @property {number} pid
 * @property {(message: Record<string, any>) => Promise<any>} request sends a command; resolves with its answer
 * @property {() => void} stop SIGKILL by PID
 */

/** Every client process still running, killed if the bench exits without stopping them. */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Forks `count` processes of `file`, each ready (it sent `{ type: 'ready' }`) on return.
 * @param {string} file
 * @param {number} count
 * @returns {Promise<ClientProc[]>}
 */
export async function startClientProcs(file, count) {
  /** @type {ClientProc[]} */
  const procs = [];
  for (let i = 0; i < count; i++) {
    const child = fork(file, [], {
      execArgv: ['--max-old-space-size=4096'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(child);
    /** @type {{ resolve: (m: any) => void, reject: (e: Error) => void }[]} */
    const waiting = [];
    /** @type {Error | undefined} */
    let failure;
    const fail = (/** @type {Error} */ e) => {
      failure ??= e;
      for (const w of waiting.splice(0)) w.reject(e);
    };
    const ready = new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`client process exited (${code}) before it was ready`)));
    });
    child.on('message', (/** @type {any} */ message) => {
      if (message.type === 'ready') return;
      if (message.type === 'error') return fail(new Error(`client process: ${message.message}`));
      waiting.shift()?.resolve(message);
    });
    child.on('exit', (code) => {
      running.delete(child);
      fail(new Error(`client process exited (${code})`));
    });
    await ready;
    procs.push({
      pid: /** @type {number} */ (child.pid),
      request(message) {
        if (failure) return Promise.reject(failure);
        return new Promise((resolve, reject) => {
          waiting.push({ resolve, reject });
          child.send(message);
        });
      },
      stop() {
        child.removeAllListeners('exit');
        running.delete(child);
        child.kill('SIGKILL');
      },
    });
  }
  return procs;
}
