import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { snapshotInfoSchema, type BoardId } from '@archboard/shared';
import { type SnapshotInfo, type Store, type StoredBoard } from './Store';

export interface SqliteStoreOptions {
  /** `full` syncs every commit to disk; `normal` (WAL) survives a process crash but not a power loss. */
  synchronous: 'full' | 'normal';
}

/** A `snapshots` row without its state: the SnapshotInfo columns as SQLite returns them. */
interface SnapshotRow {
  id: string;
  createdAt: number;
  kind: string;
  name: string;
  editors: string;
  hash: string;
  bytes: number;
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
 * synchronous, so an append is durable when `append` returns and a compaction is one
 * transaction that no append can interleave with. Versions (snapshots) are rows of their
 * own table, which compaction never touches.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, Uint8Array]>;
  private readonly select: Database.Statement<[string], { data: Buffer }>;
  private readonly replaceAll: (board: string) => void;
  private readonly snapshotInsert: Database.Statement<
    [string, string, number, string, string, string, string, number, Uint8Array]
  >;
  private readonly snapshotList: Database.Statement<[string], SnapshotRow>;
  private readonly snapshotRead: Database.Statement<[string, string], { state: Buffer }>;
  private readonly snapshotDelete: (board: string, ids: string[]) => void;

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
      CREATE TABLE IF NOT EXISTS snapshots (
        board TEXT NOT NULL,
        id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        editors TEXT NOT NULL, -- JSON array of names
        hash TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        state BLOB NOT NULL, -- last, so listing reads no overflow pages
        PRIMARY KEY (board, id)
      );
    `);
    this.insert = this.db.prepare('INSERT INTO updates (board, data) VALUES (?, ?)');
    this.select = this.db.prepare('SELECT data FROM updates WHERE board = ? ORDER BY seq');
    const remove = this.db.prepare('DELETE FROM updates WHERE board = ?');
    this.replaceAll = this.db.transaction((board: string) => {
      const rows = this.select.all(board);
      if (rows.length < 2) return;
      const doc = new Y.Doc({ gc: true });
      for (const row of rows) Y.applyUpdate(doc, row.data);
      const snapshot = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      remove.run(board);
      this.insert.run(board, snapshot);
    });
    this.snapshotInsert = this.db.prepare(
      `INSERT OR REPLACE INTO snapshots (board, id, created_at, kind, name, editors, hash, bytes, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.snapshotList = this.db.prepare(
      `SELECT id, created_at AS createdAt, kind, name, editors, hash, bytes FROM snapshots
       WHERE board = ? ORDER BY created_at DESC, id DESC`,
    );
    this.snapshotRead = this.db.prepare('SELECT state FROM snapshots WHERE board = ? AND id = ?');
    const snapshotRemove = this.db.prepare<[string, string]>('DELETE FROM snapshots WHERE board = ? AND id = ?');
    this.snapshotDelete = this.db.transaction((board: string, ids: string[]) => {
      for (const id of ids) snapshotRemove.run(board, id);
    });
  }

  async load(board: BoardId): Promise<StoredBoard> {
    const rows = this.select.all(board);
    return { updates: rows.map((row) => asBytes(row.data)) };
  }

  async append(board: BoardId, update: Uint8Array): Promise<void> {
    this.insert.run(board, update);
  }

  async compact(board: BoardId): Promise<void> {
    this.replaceAll(board);
  }

  async saveSnapshot(board: BoardId, info: SnapshotInfo, state: Uint8Array): Promise<void> {
    const { id, createdAt, kind, name, editors, hash, bytes } = info;
    this.snapshotInsert.run(board, id, createdAt, kind, name, JSON.stringify(editors), hash, bytes, state);
  }

  async listSnapshots(board: BoardId): Promise<SnapshotInfo[]> {
    const list: SnapshotInfo[] = [];
    for (const row of this.snapshotList.all(board)) {
      const parsed = snapshotInfoSchema.safeParse({ ...row, editors: editorsJson(row.editors) });
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

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
