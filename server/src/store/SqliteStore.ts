import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { isBoardId, snapshotInfoSchema, type BoardId } from '@archboard/shared';
import { SqliteArchive } from './SqliteArchive';
import { SqliteBoardLinks } from './SqliteBoardLinks';
import { SqliteBoardMeta } from './SqliteBoardMeta';
import { sqliteCompaction } from './sqliteCompaction';
import { createSnapshotTable, SNAPSHOT_INSERT, snapshotRow, type SnapshotRowValues } from './sqliteSnapshots';
import { SqliteOffload } from './SqliteOffload';
import {
  type ArchiveEntry,
  type BoardMeta,
  type BoardRecord,
  type LinkGeneration,
  type SnapshotInfo,
  type Store,
  type StoredBoard,
} from './Store';

export interface SqliteStoreOptions {
  /** `full` syncs every commit to disk; `normal` (WAL) survives a process crash but not a power loss. */
  synchronous: 'full' | 'normal';
  /**
   * The built sqliteWorker.js: with it, compactions, and loads of boards over
   * OFFLOAD_LOAD_BYTES, run on a thread of their own instead of the event loop.
   */
  offload?: { workerFile: string; log?: Logger };
}

/** Boards storing more than this are read, and versions this big written, on the store thread when there is one. */
const OFFLOAD_LOAD_BYTES = 1024 * 1024;

/** With a store thread, it checkpoints the WAL after about this many bytes were written (SQLite's own default). */
const CHECKPOINT_BYTES = 4 * 1024 * 1024;

/** A `snapshots` row without its state: the SnapshotInfo columns as SQLite returns them. */
interface SnapshotRow {
  id: string;
  createdAt: number;
  kind: string;
  name: string;
  editors: string;
  hash: string;
  bytes: number;
  step: number | null;
}

/**
 * What a row must hold to be listed. A row another version of the server wrote, or a
 * hand-edited file, can hold anything; such a row is left out of the list rather than
 * failing it. (RedisStore checks its records with the same shape.)
 */
/** The editors column's JSON; text that is not JSON gives undefined, which the schema then rejects. */
function editorsJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const asBytes = (data: Buffer) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/**
 * The embedded store: one SQLite file, one row per appended update. better-sqlite3 is
 * synchronous, so an append is durable when `append` returns. A compaction reads a
 * board's rows and replaces them by one snapshot in a short write that keeps rows appended
 * meanwhile (sqliteCompaction.ts); with `offload`, on a thread of its own, whose writes
 * hold this connection's writes back (`threadWriting`). Versions (snapshots) are rows of
 * their own table, which compaction never touches.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, Uint8Array]>;
  private readonly select: Database.Statement<[string], { data: Buffer }>;
  private readonly storedBytes: Database.Statement<[string], { bytes: number }>;
  private readonly compaction: ReturnType<typeof sqliteCompaction>;
  private readonly offload: SqliteOffload | undefined;
  /**
   * A write of the store thread in progress. The server's own writes wait for it here:
   * waiting on SQLite's write lock instead would block the event loop for as long as it
   * takes to write a whole board.
   */
  private threadWriting: Promise<unknown> | undefined;
  private writtenSinceCheckpoint = 0;
  private readonly log: Logger | undefined;
  private readonly snapshotInsert: Database.Statement<SnapshotRowValues>;
  private readonly snapshotList: Database.Statement<[string], SnapshotRow>;
  private readonly snapshotRead: Database.Statement<[string, string], { state: Buffer }>;
  private readonly snapshotDelete: (board: string, ids: string[]) => void;
  private readonly links: SqliteBoardLinks;
  private readonly meta: SqliteBoardMeta;
  private readonly archive: SqliteArchive;
  private readonly removeBoard: (board: string) => void;

  constructor(file: string, options: SqliteStoreOptions) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous.toUpperCase()}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        board TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_by_board ON updates (board, seq);
    `);
    createSnapshotTable(this.db);
    this.insert = this.db.prepare('INSERT INTO updates (board, data) VALUES (?, ?)');
    this.select = this.db.prepare('SELECT data FROM updates WHERE board = ? ORDER BY seq');
    // length() of a blob is read from its row header, without reading the blob
    this.storedBytes = this.db.prepare('SELECT COALESCE(SUM(length(data)), 0) AS bytes FROM updates WHERE board = ?');
    this.compaction = sqliteCompaction(this.db);
    if (options.offload) {
      this.log = options.offload.log;
      this.offload = new SqliteOffload({ ...options.offload, file, synchronous: options.synchronous });
      // SQLite checkpoints at the commit that passes 1000 pages, on the writer's thread: up to
      // a hundred milliseconds of copying and syncing. The store thread does it instead.
      this.db.pragma('wal_autocheckpoint = 0');
    }
    this.snapshotInsert = this.db.prepare(SNAPSHOT_INSERT);
    this.snapshotList = this.db.prepare(
      `SELECT id, created_at AS createdAt, kind, name, editors, hash, bytes, step FROM snapshots
       WHERE board = ? ORDER BY created_at DESC, id DESC`,
    );
    this.snapshotRead = this.db.prepare('SELECT state FROM snapshots WHERE board = ? AND id = ?');
    const snapshotRemove = this.db.prepare<[string, string]>('DELETE FROM snapshots WHERE board = ? AND id = ?');
    this.snapshotDelete = this.db.transaction((board: string, ids: string[]) => {
      for (const id of ids) snapshotRemove.run(board, id);
    });
    this.links = new SqliteBoardLinks(this.db);
    this.meta = new SqliteBoardMeta(this.db);
    this.archive = new SqliteArchive(this.db);
    this.removeBoard = this.db.transaction((board: string) => {
      this.links.delete(board); // its own transaction, nested: a savepoint of this one
      this.meta.forget.run(board);
      this.archive.forget.run(board);
    });
  }

  async load(board: BoardId): Promise<StoredBoard> {
    if (this.offload && this.storedBytes.get(board)!.bytes > OFFLOAD_LOAD_BYTES) {
      return { updates: await this.offload.load(board) };
    }
    const rows = this.select.all(board);
    return { updates: rows.map((row) => asBytes(row.data)) };
  }

  async append(board: BoardId, update: Uint8Array): Promise<void> {
    while (this.threadWriting) await this.threadWriting;
    this.insert.run(board, update);
    this.written(update.byteLength);
  }

  /** Counts bytes written; with a store thread, asks it for a checkpoint now and then. */
  private written(bytes: number): void {
    this.writtenSinceCheckpoint += bytes;
    if (!this.offload || this.writtenSinceCheckpoint < CHECKPOINT_BYTES) return;
    this.writtenSinceCheckpoint = 0;
    this.offload.checkpoint().catch((e: unknown) => {
      // The next one copies what this one did not; the WAL grows meanwhile.
      this.log?.warn({ err: e }, 'WAL checkpoint failed');
    });
  }

  async compact(board: BoardId): Promise<number | undefined> {
    const { offload } = this;
    if (!offload) {
      const folded = this.compaction.fold(board);
      if (!('snapshot' in folded)) return folded.bytes;
      return this.compaction.replace(board, folded.upTo, folded.snapshot) ? folded.snapshot.byteLength : undefined;
    }
    const folded = await offload.fold(board); // reads only: appends go on
    if (!('snapshot' in folded)) return folded.bytes;
    const bytes = folded.snapshot.byteLength;
    return (await this.writeOnThread(() => offload.replace(board, folded.upTo, folded.snapshot))) ? bytes : undefined;
  }

  /** Runs a write of the store thread, one at a time, with the server's own writes held back meanwhile. */
  private async writeOnThread<T>(write: () => Promise<T>): Promise<T> {
    while (this.threadWriting) await this.threadWriting;
    const writing = write();
    const settled = writing.then(
      () => undefined,
      () => undefined,
    );
    this.threadWriting = settled;
    try {
      return await writing;
    } finally {
      if (this.threadWriting === settled) this.threadWriting = undefined;
    }
  }

  async saveSnapshot(board: BoardId, info: SnapshotInfo, state: Uint8Array): Promise<void> {
    const row = snapshotRow(board, info, state);
    // A version of a big board is a whole board to write: on the store thread, when there is one.
    const { offload } = this;
    if (offload && state.byteLength > OFFLOAD_LOAD_BYTES) await this.writeOnThread(() => offload.saveSnapshot(row));
    else {
      while (this.threadWriting) await this.threadWriting;
      this.snapshotInsert.run(...row);
    }
    this.written(state.byteLength);
  }

  async listSnapshots(board: BoardId): Promise<SnapshotInfo[]> {
    const list: SnapshotInfo[] = [];
    for (const row of this.snapshotList.all(board)) {
      const { step, ...rest } = row;
      const parsed = snapshotInfoSchema.safeParse({
        ...rest,
        editors: editorsJson(row.editors),
        ...(step !== null ? { step } : {}),
      });
      if (parsed.success) list.push(parsed.data); // no logger here: an unreadable row is just left out
    }
    return list;
  }

  async readSnapshot(board: BoardId, id: string): Promise<Uint8Array | undefined> {
    const row = this.snapshotRead.get(board, id);
    return row ? asBytes(row.state) : undefined;
  }

  async deleteSnapshots(board: BoardId, ids: string[]): Promise<void> {
    this.snapshotDelete(board, ids);
  }

  async linkGeneration(board: BoardId): Promise<LinkGeneration> {
    return this.links.generation(board);
  }

  async resetLinks(board: BoardId): Promise<LinkGeneration> {
    return this.links.reset(board);
  }

  async deleteBoard(board: BoardId): Promise<void> {
    while (this.threadWriting) await this.threadWriting;
    this.removeBoard(board);
  }

  async recordBoard(board: BoardId, record: BoardRecord): Promise<void> {
    while (this.threadWriting) await this.threadWriting;
    this.meta.record(board, record);
  }

  async boardMeta(board: BoardId): Promise<BoardMeta | undefined> {
    return this.meta.meta(board);
  }

  async markOpened(board: BoardId): Promise<void> {
    while (this.threadWriting) await this.threadWriting;
    this.meta.markOpened(board);
  }

  async unopenedBefore(before: number, limit: number): Promise<BoardId[]> {
    return this.meta.unopenedBefore(before, limit).filter(isBoardId);
  }

  async appendArchive(board: BoardId, entries: ArchiveEntry[]): Promise<void> {
    while (this.threadWriting) await this.threadWriting;
    this.archive.append(board, entries);
  }

  async readArchive(board: BoardId): Promise<ArchiveEntry[]> {
    return this.archive.entries(board);
  }

  async archiveLength(board: BoardId): Promise<number> {
    return this.archive.length(board);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.offload?.close();
    if (this.db.open) this.db.close();
  }
}
