import type { Logger } from 'pino';
import { isBoardId, snapshotInfoSchema, type BoardId } from '@archboard/shared';
import {
  type ArchiveEntry,
  type BoardMeta,
  type BoardRecord,
  type LinkGeneration,
  type SnapshotInfo,
  type Store,
  type StoredBoard,
} from '../store/Store';
import { decodeArchiveEntry, encodeArchiveEntry } from '../store/archiveEntry';
import { mergeUpdatesWithGc } from '../store/mergeUpdates';
import { linksChangeOf } from './frames';
import { boardKeys, UNOPENED_BOARDS_KEY, ZERO_ID } from './keys';
import type { ScriptedRedis } from './commands';

export interface RedisStoreOptions {
  /** This instance's id: written into every frame the append publishes. */
  instance: string;
  /** How long a compaction lease lasts before another instance may take over. */
  leaseMs: number;
  log: Logger;
  /** Folds a compaction's snapshot and log into one update; by default on the event loop (main.ts passes the board thread's). */
  merge?: (updates: Uint8Array[]) => Promise<Uint8Array>;
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
 * What a version's info must hold to be listed. Redis may hold a record another version of
 * the server wrote, or anything a person typed into redis-cli; such a record is logged and
 * left out rather than failing the list. (SqliteStore checks its rows with the same shape.)
 */
/** Newest first: by createdAt, then by id (ids of one board sort by time too). */
const newestFirst = (a: SnapshotInfo, b: SnapshotInfo) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** A MULTI's replies: ioredis resolves `exec` even when a command in it failed, so look. */
function throwFirstError(replies: [Error | null, unknown][] | null): void {
  if (!replies) throw new Error('MULTI was aborted');
  const failed = replies.find(([error]) => error);
  if (failed) throw failed[0];
}

/**
 * The Redis store: a stream per board is the durable log, plus a compacted snapshot
 * tagged with the last stream id it covers. Appending runs one script that adds to the
 * stream and PUBLISHes the update with its id and the previous id (see RedisBus).
 * Versions (snapshots) live in two hashes per board, info and state, written together in
 * one MULTI; compaction never touches them.
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
  async compact(board: BoardId): Promise<number | undefined> {
    const k = boardKeys(board);
    const { instance, leaseMs } = this.options;
    const taken = await this.redis.set(k.lease, instance, 'PX', leaseMs, 'NX');
    if (taken !== 'OK') return undefined; // another instance is compacting this board
    this.options.log.debug({ board }, 'compacting');
    try {
      const { snapshot, entries } = await this.read(board, ZERO_ID);
      const upto = entries.at(-1)?.id;
      const bytes = entries.reduce((sum, e) => sum + e.update.byteLength, snapshot?.byteLength ?? 0);
      // Nothing to fold: no log, or a log of one update and no snapshot to fold it into.
      if (!upto || entries.length < (snapshot ? 1 : 2)) return bytes;
      const updates = snapshot ? [snapshot, ...entries.map((e) => e.update)] : entries.map((e) => e.update);
      const merge = this.options.merge ?? (async (all: Uint8Array[]) => mergeUpdatesWithGc(all));
      const folded = await merge(updates);
      const merged = Buffer.from(folded.buffer, folded.byteOffset, folded.byteLength);
      await this.redis.pexpire(k.lease, leaseMs); // renewed before the write; the script re-checks it is ours
      const written = await this.redis.archboardCompact(k.snapshot, k.log, k.lease, merged, upto, instance);
      this.options.log.debug({ board, upto, entries: entries.length, written }, 'compacted');
      // Not written (the lease was lost, or a newer snapshot is there): another instance
      // compacted, so what is stored now is not known here.
      return written === 1 ? merged.byteLength : undefined;
    } finally {
      await this.redis.archboardRelease(k.lease, instance);
    }
  }

  async saveSnapshot(board: BoardId, info: SnapshotInfo, state: Uint8Array): Promise<void> {
    const k = boardKeys(board);
    const { id, createdAt, kind, name, editors, hash, bytes } = info;
    const json = JSON.stringify({ id, createdAt, kind, name, editors, hash, bytes } satisfies SnapshotInfo);
    throwFirstError(
      await this.redis.multi().hset(k.snapinfo, id, json).hset(k.snapdata, id, Buffer.from(state)).exec(),
    );
  }

  async listSnapshots(board: BoardId): Promise<SnapshotInfo[]> {
    const list: SnapshotInfo[] = [];
    for (const json of await this.redis.hvals(boardKeys(board).snapinfo)) {
      const parsed = snapshotInfoSchema.safeParse(parseJson(json));
      if (parsed.success) list.push(parsed.data);
      else {
        const record = json.slice(0, 200);
        this.options.log.warn({ board, record, issues: parsed.error.issues }, 'skipped an unreadable version record');
      }
    }
    return list.sort(newestFirst);
  }

  async readSnapshot(board: BoardId, id: string): Promise<Uint8Array | undefined> {
    const data = await this.redis.hgetBuffer(boardKeys(board).snapdata, id);
    return data ? new Uint8Array(data) : undefined;
  }

  async deleteSnapshots(board: BoardId, ids: string[]): Promise<void> {
    if (ids.length === 0) return; // HDEL needs at least one field
    const k = boardKeys(board);
    throwFirstError(
      await this.redis
        .multi()
        .hdel(k.snapinfo, ...ids)
        .hdel(k.snapdata, ...ids)
        .exec(),
    );
  }

  async linkGeneration(board: BoardId): Promise<LinkGeneration> {
    return linkGenerationOf(await this.redis.get(boardKeys(board).links));
  }

  async resetLinks(board: BoardId): Promise<LinkGeneration> {
    const reply = await this.redis.archboardResetLinks(boardKeys(board).links);
    return reply === 'deleted' ? 'deleted' : Number(reply);
  }

  /**
   * Deletes the log, its snapshot, the versions, the record and any compaction lease (a
   * compaction running elsewhere then finds its lease gone and writes nothing), and marks
   * the board deleted, in one MULTI; then takes it out of the unopened boards.
   */
  async deleteBoard(board: BoardId): Promise<void> {
    const k = boardKeys(board);
    throwFirstError(
      await this.redis
        .multi()
        .del(k.log, k.last, k.snapshot, k.lease, k.snapinfo, k.snapdata, k.meta, k.archive)
        .set(k.links, 'deleted')
        .exec(),
    );
    await this.redis.zrem(UNOPENED_BOARDS_KEY, board);
  }

  /**
   * The record first, then the index of unopened boards (another key, on another shard of
   * a cluster, so not in one MULTI): a failure between leaves a board that is never swept,
   * never one swept without its record.
   */
  async recordBoard(board: BoardId, { createdAt, orgOnly, owner }: BoardRecord): Promise<void> {
    const fields: Record<string, string | number> = { createdAt, orgOnly: orgOnly ? 1 : 0 };
    if (owner) Object.assign(fields, { ownerIssuer: owner.issuer, ownerSubject: owner.subject });
    await this.redis.hset(boardKeys(board).meta, fields);
    await this.redis.zadd(UNOPENED_BOARDS_KEY, createdAt, board);
  }

  async boardMeta(board: BoardId): Promise<BoardMeta | undefined> {
    return boardMetaOf(await this.redis.hgetall(boardKeys(board).meta));
  }

  /**
   * The record's `opened`, then out of the index. A failure between leaves the board in the
   * index: the sweep reads the record before it deletes anything, and drops it then.
   */
  async markOpened(board: BoardId): Promise<void> {
    await this.redis.archboardMarkOpened(boardKeys(board).meta);
    await this.redis.zrem(UNOPENED_BOARDS_KEY, board);
  }

  async unopenedBefore(before: number, limit: number): Promise<BoardId[]> {
    const ids = await this.redis.zrangebyscore(UNOPENED_BOARDS_KEY, '-inf', `(${before}`, 'LIMIT', 0, limit);
    return ids.filter(isBoardId);
  }

  async appendArchive(board: BoardId, entries: ArchiveEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.redis.rpush(boardKeys(board).archive, ...entries.map((entry) => Buffer.from(encodeArchiveEntry(entry))));
  }

  async readArchive(board: BoardId): Promise<ArchiveEntry[]> {
    const values = await this.redis.lrangeBuffer(boardKeys(board).archive, 0, -1);
    return values.flatMap((value) => decodeArchiveEntry(new Uint8Array(value)) ?? []);
  }

  async archiveLength(board: BoardId): Promise<number> {
    return this.redis.llen(boardKeys(board).archive);
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

/**
 * The link generation a board's links key holds: absent is 0. A value that is neither a
 * generation nor `deleted` (written by hand) counts as deleted: refusing every link is
 * the safe reading.
 */
export function linkGenerationOf(value: string | null): LinkGeneration {
  if (value === null) return 0;
  const change = linksChangeOf(value);
  return change?.type === 'reset' ? change.generation : 'deleted';
}

/**
 * A board's record as its meta hash holds it; undefined when there is none. A field written
 * by hand that does not read as expected reads the safe way: organisation-only unless
 * `orgOnly` is `0`, opened unless `opened` is absent, no owner without both owner fields.
 */
export function boardMetaOf(hash: Record<string, string>): BoardMeta | undefined {
  if (Object.keys(hash).length === 0) return undefined;
  const meta: BoardMeta = {
    createdAt: Number(hash.createdAt) || 0,
    orgOnly: hash.orgOnly !== '0',
    opened: hash.opened !== undefined,
  };
  if (hash.ownerIssuer && hash.ownerSubject) meta.owner = { issuer: hash.ownerIssuer, subject: hash.ownerSubject };
  return meta;
}

/** JSON text as a value; text that is not JSON gives undefined, which the schema then rejects. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
