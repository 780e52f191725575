import { parentPort } from 'node:worker_threads';
import type { JobReply } from './JobThread';

/**
 * The worker side of a JobThread: answers each job with `handle`'s result, handing over
 * the buffers it lists in `transfer`, or with the error it threw.
 */
export function serveJobs<Job, Result>(handle: (job: Job) => { result: Result; transfer?: ArrayBuffer[] }): void {
  parentPort!.on('message', ({ id, job }: { id: number; job: Job }) => {
    let reply: JobReply<Result>;
    let transfer: ArrayBuffer[] = [];
    try {
      const done = handle(job);
      reply = { id, result: done.result };
      transfer = done.transfer ?? [];
    } catch (e) {
      reply = { id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(reply, transfer);
  });
}
