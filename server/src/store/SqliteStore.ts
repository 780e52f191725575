import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { BoardId } from '@archboard/shared';
import type { Store, StoredBoard } from './Store';

export interface SqliteStoreOptions {
  /** `full` syncs every commit to disk; `normal` (WAL) survives a process crash but not a power loss. */
  synchronous: 'full' | 'normal';
}

/**
 * The embedded store: one SQLite file, one row per appended update. better-sqlite3 is
 * synchronous, so an append is durable when `append` returns and a compaction is one
 * transaction that no append can interleave with.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, Uint8Array]>;
  private readonly select: Database.Statement<[string], { data: Buffer }>;
  private readonly replaceAll: (board: string) => void;

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
  }

  async load(board: BoardId): Promise<StoredBoard> {
    const rows = this.select.all(board);
    return { updates: rows.map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength)) };
  }

  async append(board: BoardId, update: Uint8Array): Promise<void> {
    this.insert.run(board, update);
  }

  async compact(board: BoardId): Promise<void> {
    this.replaceAll(board);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
