import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { BoardId } from '@archboard/shared';
import type { Store, StoredBoard } from '../store/Store';
import { boardKeys, ZERO_ID } from './keys';
import type { ScriptedRedis } from './commands';

export interface RedisStoreOptions {
  /** This instance's id: written into every frame the append publishes. */
  instance: string;
  /** How long a compaction lease lasts before another instance may take over. */
  leaseMs: number;
  log: Logger;
}

/** A board's stored state read from Redis, from a given log position on. */
export interface LogRead {
  /** A snapshot to apply first, when the log no longer holds everything after `after`. */
  snapshot: Uint8Array | undefined;
  entries: { id: string; update: Uint8Array }[];
  /** The id of the last update the board ever had appended. */
  last: string;
}

/**
 * The Redis store: a stream per board is the durable log, plus a compacted snapshot
 * tagged with the last stream id it covers. Appending runs one script that adds to the
 * stream and PUBLISHes the update with its id and the previous id (see RedisBus).
 */
export class RedisStore implements Store {
  constructor(
    private readonly redis: ScriptedRedis,
    private readonly options: RedisStoreOptions,
  ) {}

  /** Reads the board from just after `after` (a stream id), atomically with respect to compaction. */
  async read(board: BoardId, after: string): Promise<LogRead> {
    const k = boardKeys(board);
    const [data, , flat, last] = await this.redis.archboardReadBuffer(k.snapshot, k.log, k.last, after);
    const entries: LogRead['entries'] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      entries.push({ id: flat[i]!.toString(), update: new Uint8Array(flat[i + 1]!) });
    }
    return { snapshot: data ? new Uint8Array(data) : undefined, entries, last: last.toString() };
  }

  async load(board: BoardId): Promise<StoredBoard> {
    const { snapshot, entries, last } = await this.read(board, ZERO_ID);
    const updates = entries.map((e) => e.update);
    if (snapshot) updates.unshift(snapshot);
    return { updates, cursor: entries.at(-1)?.id ?? last };
  }

  async append(board: BoardId, update: Uint8Array): Promise<void> {
    const k = boardKeys(board);
    await this.redis.archboardAppend(k.log, k.last, k.channel, Buffer.from(update), this.options.instance);
  }

  /**
   * Takes the board's lease, folds snapshot and log into a new snapshot, and writes it
   * and trims the log in one script that first checks the lease is still ours. A crash
   * at any step leaves the old snapshot with its log, or the new one with a log not yet
   * trimmed: both load whole. Appends made meanwhile are after `upto` and stay.
   */
  async compact(board: BoardId): Promise<void> {
    const k = boardKeys(board);
    const { instance, leaseMs } = this.options;
    const taken = await this.redis.set(k.lease, instance, 'PX', leaseMs, 'NX');
    if (taken !== 'OK') return; // another instance is compacting this board
    this.options.log.debug({ board }, 'compacting');
    try {
      const { snapshot, entries } = await this.read(board, ZERO_ID);
      const upto = entries.at(-1)?.id;
      if (!upto || entries.length < 2) return;
      const doc = new Y.Doc();
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const e of entries) Y.applyUpdate(doc, e.update);
      const merged = Buffer.from(Y.encodeStateAsUpdate(doc));
      doc.destroy();
      await this.redis.pexpire(k.lease, leaseMs); // renewed before the write; the script re-checks it is ours
      const written = await this.redis.archboardCompact(k.snapshot, k.log, k.lease, merged, upto, instance);
      this.options.log.debug({ board, upto, entries: entries.length, written }, 'compacted');
    } finally {
      await this.redis.archboardRelease(k.lease, instance);
    }
  }

  /** How many entries the board's log holds (for tests and metrics). */
  async logLength(board: BoardId): Promise<number> {
    return this.redis.xlen(boardKeys(board).log);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {}
}
