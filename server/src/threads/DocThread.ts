import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { BoardId } from '@archboard/shared';
import type { CheckVerdict, Guard, OpenedDoc, RoomDocs } from '../rooms/RoomDocs';

/** What the server asks the doc thread (docWorker.ts); those with an id are answered. */
export type DocRequest =
  | { op: 'open'; id: number; board: BoardId; updates: Uint8Array[] }
  | { op: 'apply'; board: BoardId; update: Uint8Array }
  | { op: 'stateVector'; id: number; board: BoardId }
  | { op: 'diff'; id: number; board: BoardId; stateVector: Uint8Array }
  | { op: 'close'; board: BoardId }
  | { op: 'check'; id: number; update: Uint8Array; guard: Guard | undefined };

export type DocReply =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'result'; id: number; error: string }
  | { type: 'error'; board: BoardId; error: string };

type Waiting = { resolve: (result: unknown) => void; reject: (e: Error) => void };

/**
 * The rooms' docs on a thread of their own. One thread holds every doc of the instance, so
 * calls are answered in the order made. If the thread dies, every doc is lost with it:
 * `onLost` is called (the rooms close, their clients reconnect and the boards load again
 * from the store) and the next `open` starts a new thread.
 */
export class DocThread implements RoomDocs {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  onLost: () => void = () => {};

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  open(board: BoardId, updates: Uint8Array[]): Promise<OpenedDoc> {
    return this.ask({ op: 'open', id: this.nextId++, board, updates }) as Promise<OpenedDoc>;
  }

  apply(board: BoardId, update: Uint8Array): void {
    this.worker?.postMessage({ op: 'apply', board, update } satisfies DocRequest);
  }

  stateVector(board: BoardId): Promise<Uint8Array> {
    return this.ask({ op: 'stateVector', id: this.nextId++, board }) as Promise<Uint8Array>;
  }

  diff(board: BoardId, stateVector: Uint8Array): Promise<Uint8Array> {
    return this.ask({ op: 'diff', id: this.nextId++, board, stateVector }) as Promise<Uint8Array>;
  }

  close(board: BoardId): void {
    this.worker?.postMessage({ op: 'close', board } satisfies DocRequest);
  }

  check(update: Uint8Array, guard?: Guard): Promise<CheckVerdict> {
    return this.ask({ op: 'check', id: this.nextId++, update, guard }) as Promise<CheckVerdict>;
  }

  private ask(request: DocRequest & { id: number }): Promise<unknown> {
    const worker = request.op === 'open' || request.op === 'check' ? this.thread() : this.worker;
    if (!worker) return Promise.reject(new Error('the doc thread is not running'));
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file);
    worker.unref();
    worker.on('message', (reply: DocReply) => {
      if (reply.type === 'error') {
        this.log.error({ board: reply.board, err: reply.error }, 'skipped an update that failed to apply');
        return;
      }
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(`the doc thread: ${reply.error}`));
      else waiting?.resolve(reply.result);
    });
    worker.on('error', (err) => this.log.error({ err }, 'the doc thread failed'));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const job of this.waiting.values()) job.reject(new Error(`the doc thread exited with ${code}`));
      this.waiting.clear();
      this.log.error({ code }, 'the doc thread exited; closing every room');
      this.onLost();
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the thread (at shutdown, after every room closed). */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
