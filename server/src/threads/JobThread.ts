import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

type Waiting<Result> = { resolve: (result: Result) => void; reject: (e: Error) => void };

/** What a job thread answers: the job's result, or why it failed. */
export type JobReply<Result> = { id: number; result: Result } | { id: number; error: string };

/**
 * Work that would hold the event loop for long (a whole board at the size cap) handed to a
 * worker thread (see serveJobs), one job at a time in the order asked, so the loop keeps
 * serving every other board meanwhile. The thread starts with the first job, is started
 * again after it dies, and never keeps the process alive.
 */
export class JobThread<Job extends object, Result> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<Result>>();

  constructor(private readonly options: { file: string; workerData?: unknown; name: string; log?: Logger }) {}

  /** Runs `job` on the thread; `transfer` lists buffers handed over rather than copied. */
  run(job: Job, transfer: ArrayBuffer[] = []): Promise<Result> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      this.thread().postMessage({ id, job }, transfer);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const { file, workerData, name, log } = this.options;
    const worker = new Worker(file, { workerData });
    worker.unref();
    worker.on('message', (reply: JobReply<Result>) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('result' in reply) waiting?.resolve(reply.result);
      else waiting?.reject(new Error(`${name}: ${reply.error}`));
    });
    worker.on('error', (err) => log?.error({ err, thread: name }, 'a worker thread failed'));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      // Its jobs are lost with it: they fail, and their callers go on as for any failure.
      for (const job of this.waiting.values()) job.reject(new Error(`${name} exited with ${code}`));
      this.waiting.clear();
    });
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
