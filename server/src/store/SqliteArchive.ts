import type Database from 'better-sqlite3';
import type { ArchiveEntry } from './Store';
import { authorOf } from './archiveEntry';

/**
 * SqliteStore's part for interview boards' archives: every update as it was stored, when
 * and by whom, in a table of its own that compaction never touches (Store.appendArchive).
 */
export class SqliteArchive {
  private readonly insert: Database.Statement<[string, number, string | null, Uint8Array]>;
  private readonly read: Database.Statement<[string], { at: number; by: string | null; data: Buffer }>;
  private readonly count: Database.Statement<[string], { n: number }>;
  readonly append: (board: string, entries: ArchiveEntry[]) => void;
  /** Removes the board's entries (deleting a board); run inside the caller's transaction. */
  readonly forget: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS archive (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        board TEXT NOT NULL,
        at REAL NOT NULL,
        author TEXT,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS archive_by_board ON archive (board, seq);
    `);
    this.insert = db.prepare('INSERT INTO archive (board, at, author, data) VALUES (?, ?, ?, ?)');
    this.read = db.prepare('SELECT at, author AS by, data FROM archive WHERE board = ? ORDER BY seq');
    this.count = db.prepare('SELECT COUNT(*) AS n FROM archive WHERE board = ?');
    this.forget = db.prepare('DELETE FROM archive WHERE board = ?');
    this.append = db.transaction((board: string, entries: ArchiveEntry[]) => {
      for (const { at, by, update } of entries) this.insert.run(board, at, by ? JSON.stringify(by) : null, update);
    });
  }

  entries(board: string): ArchiveEntry[] {
    return this.read.all(board).map((row) => ({
      at: row.at,
      by: authorOf(row.by),
      update: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
    }));
  }

  length(board: string): number {
    return this.count.get(board)!.n;
  }
}
