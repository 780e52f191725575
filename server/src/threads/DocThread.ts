import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { BoardId } from '@archboard/shared';
import type { CheckVerdict, Guard, OpenedDoc, RoomDocs } from '../rooms/RoomDocs';

/** What the server asks the doc thread (docWorker.ts); those with an id are answered. */
export type DocRequest =
  | { op: 'open'; id: number; board: BoardId; updates: Uint8Array[] }
  | { op: 'apply'; updates: { board: BoardId; update: Uint8Array }[] }
  | { op: 'stateVector'; id: number; board: BoardId }
  | { op: 'diff'; id: number; board: BoardId; stateVector: Uint8Array }
  | { op: 'close'; board: BoardId }
  | { op: 'check'; id: number; update: Uint8Array; guard: Guard | undefined };

export type DocReply =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'result'; id: number; error: string }
  | { type: 'error'; board: BoardId; error: string };

/**
 * How long updates wait to be applied on the doc thread, gathered into one message: a busy
 * board then wakes the thread a few times a second instead of once per update (each wake a
 * context switch on both sides). Nobody waits for it: whatever asks the thread something
 * sends what waits first, and the thread answers in order.
 */
export const APPLY_GATHER_MS = 50;

/**
 * Bytes that own their buffer: posting a view clones the whole buffer under it, and an update
 * read from Redis is a slice of a socket read of up to 64 KiB (a board's log, of one reply).
 */
const own = (bytes: Uint8Array): Uint8Array => (bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice());

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
  /** Updates to apply, in order, waiting for the next message (see APPLY_GATHER_MS). */
  private gathered: { board: BoardId; update: Uint8Array }[] = [];
  private gatherTimer: NodeJS.Timeout | undefined;
  onLost: () => void = () => {};

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  open(board: BoardId, updates: Uint8Array[]): Promise<OpenedDoc> {
    return this.ask({ op: 'open', id: this.nextId++, board, updates: updates.map(own) }) as Promise<OpenedDoc>;
  }

  apply(board: BoardId, update: Uint8Array): void {
    if (!this.worker) return;
    this.gathered.push({ board, update: own(update) });
    this.gatherTimer ??= setTimeout(() => this.sendGathered(), APPLY_GATHER_MS).unref();
  }

  /** Sends the updates that wait, before anything else is posted, so the thread sees every call in order. */
  private sendGathered(): void {
    clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    if (this.gathered.length === 0) return;
    const updates = this.gathered;
    this.gathered = [];
    this.worker?.postMessage({ op: 'apply', updates } satisfies DocRequest);
  }

  stateVector(board: BoardId): Promise<Uint8Array> {
    return this.ask({ op: 'stateVector', id: this.nextId++, board }) as Promise<Uint8Array>;
  }

  diff(board: BoardId, stateVector: Uint8Array): Promise<Uint8Array> {
    return this.ask({ op: 'diff', id: this.nextId++, board, stateVector }) as Promise<Uint8Array>;
  }

  close(board: BoardId): void {
    this.sendGathered();
    this.worker?.postMessage({ op: 'close', board } satisfies DocRequest);
  }

  check(update: Uint8Array, guard?: Guard): Promise<CheckVerdict> {
    return this.ask({ op: 'check', id: this.nextId++, update: own(update), guard }) as Promise<CheckVerdict>;
  }

  private ask(request: DocRequest & { id: number }): Promise<unknown> {
    const worker = request.op === 'open' || request.op === 'check' ? this.thread() : this.worker;
    if (!worker) return Promise.reject(new Error('the doc thread is not running'));
    this.sendGathered();
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
      this.gathered = []; // the boards they were for are lost with the thread, and load again
      this.log.error({ code }, 'the doc thread exited; closing every room');
      this.onLost();
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the thread (at shutdown, after every room closed). */
  async stop(): Promise<void> {
    clearTimeout(this.gatherTimer);
    this.gathered = [];
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
