import type Database from 'better-sqlite3';
import type { LinkGeneration } from './Store';

/**
 * SqliteStore's part for board links: a row per board whose links were ever reset, or
 * that was deleted. A board without a row is of generation 0, so boards stored before
 * links could be reset need no migration. Deleting a board removes its updates and
 * versions and marks the row, in one transaction.
 */
export class SqliteBoardLinks {
  private readonly read: Database.Statement<[string], { generation: number; deleted: number }>;
  private readonly bump: Database.Statement<[string], { generation: number }>;
  readonly delete: (board: string) => void;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS board_links (
        board TEXT PRIMARY KEY,
        generation INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      );
    `);
    this.read = db.prepare('SELECT generation, deleted FROM board_links WHERE board = ?');
    // No row comes back when the board is deleted: the update's WHERE leaves it as it is.
    this.bump = db.prepare(
      `INSERT INTO board_links (board, generation) VALUES (?, 1)
       ON CONFLICT (board) DO UPDATE SET generation = generation + 1 WHERE deleted = 0
       RETURNING generation`,
    );
    const removeUpdates = db.prepare<[string]>('DELETE FROM updates WHERE board = ?');
    const removeSnapshots = db.prepare<[string]>('DELETE FROM snapshots WHERE board = ?');
    const mark = db.prepare<[string]>(
      `INSERT INTO board_links (board, generation, deleted) VALUES (?, 0, 1)
       ON CONFLICT (board) DO UPDATE SET deleted = 1`,
    );
    this.delete = db.transaction((board: string) => {
      removeUpdates.run(board);
      removeSnapshots.run(board);
      mark.run(board);
    });
  }

  generation(board: string): LinkGeneration {
    const row = this.read.get(board);
    if (!row) return 0;
    return row.deleted ? 'deleted' : row.generation;
  }

  reset(board: string): LinkGeneration {
    return this.bump.get(board)?.generation ?? 'deleted';
  }
}
