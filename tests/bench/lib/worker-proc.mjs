// A client process for the benches that need more than one process of clients (one process
// saturates first): it runs one lib/clients-worker.mjs thread with its share of the clients
// and relays the bench's requests to it over IPC (forked with `serialization: 'advanced'`, so
// the latency arrays pass as typed arrays). First message: { type: 'init', workerData }.
import { fork } from 'node:child_process';
import { startWorker } from './harness.mjs';

if (process.send && process.argv[2] === 'child') {
  /** @type {ReturnType<typeof startWorker> | undefined} */
  let worker;
  process.on('message', async (/** @type {any} */ message) => {
    try {
      if (message.type === 'init') {
        worker = startWorker(message.workerData);
        return process.send?.({ id: message.id, answer: { type: 'ready' } });
      }
      const answer = await /** @type {ReturnType<typeof startWorker>} */ (worker).request(
        message.message,
        message.expect,
      );
      const cpu = process.cpuUsage();
      process.send?.({ id: message.id, answer: { ...answer, processCpuMs: (cpu.user + cpu.system) / 1000 } });
    } catch (e) {
      process.send?.({ id: message.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** Every client process still running, killed by PID if the bench exits without stopping them. */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A clients-worker in a process of its own; the same `request` as harness.startWorker's.
 * @param {Record<string, any>} workerData
 */
export async function startWorkerProcess(workerData) {
  const child = fork(new URL(import.meta.url).pathname, ['child'], { serialization: 'advanced', stdio: 'inherit' });
  running.add(child);
  let nextId = 1;
  /** @type {Map<number, { resolve: (m: any) => void, reject: (e: Error) => void }>} */
  const waiting = new Map();
  child.on('message', (/** @type {any} */ reply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error) w?.reject(new Error(`client process ${child.pid}: ${reply.error}`));
    else w?.resolve(reply.answer);
  });
  child.on('exit', (code) => {
    running.delete(child);
    for (const w of waiting.values()) w.reject(new Error(`client process ${child.pid} exited (${code})`));
    waiting.clear();
  });
  const ask = (/** @type {Record<string, any>} */ body) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ ...body, id });
    });
  await ask({ type: 'init', workerData });
  return {
    pid: /** @type {number} */ (child.pid),
    /** @param {Record<string, any>} message @param {string} expect */
    request: (message, expect) => ask({ message, expect }),
    stop() {
      running.delete(child);
      child.kill('SIGKILL');
    },
  };
}
