import type Database from 'better-sqlite3';
import type { BoardMeta, BoardRecord } from './Store';

interface MetaRow {
  createdAt: number;
  opened: number;
  orgOnly: number;
  ownerIssuer: string | null;
  ownerSubject: string | null;
}

/**
 * SqliteStore's part for board records: a row per board created since boards had one.
 * Boards stored before have no row, and nothing here ever gives them one, so they are
 * neither organisation-only nor removed unopened. Unopened boards are found through a
 * partial index on the creation time of the rows not yet opened, never by a scan.
 */
export class SqliteBoardMeta {
  private readonly insert: Database.Statement<[string, number, number, string | null, string | null]>;
  private readonly read: Database.Statement<[string], MetaRow>;
  private readonly open: Database.Statement<[string]>;
  private readonly unopened: Database.Statement<[number, number], { board: string }>;
  /** Removes the board's row (deleting a board); a statement the caller runs inside its own transaction. */
  readonly forget: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS board_meta (
        board TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        opened INTEGER NOT NULL DEFAULT 0,
        org_only INTEGER NOT NULL DEFAULT 0,
        owner_issuer TEXT,
        owner_subject TEXT
      );
      CREATE INDEX IF NOT EXISTS board_meta_unopened ON board_meta (created_at) WHERE opened = 0;
    `);
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO board_meta (board, created_at, org_only, owner_issuer, owner_subject)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.read = db.prepare(
      `SELECT created_at AS createdAt, opened, org_only AS orgOnly, owner_issuer AS ownerIssuer,
       owner_subject AS ownerSubject FROM board_meta WHERE board = ?`,
    );
    this.open = db.prepare('UPDATE board_meta SET opened = 1 WHERE board = ? AND opened = 0');
    this.unopened = db.prepare(
      'SELECT board FROM board_meta WHERE opened = 0 AND created_at < ? ORDER BY created_at LIMIT ?',
    );
    this.forget = db.prepare('DELETE FROM board_meta WHERE board = ?');
  }

  record(board: string, { createdAt, orgOnly, owner }: BoardRecord): void {
    this.insert.run(board, createdAt, orgOnly ? 1 : 0, owner?.issuer ?? null, owner?.subject ?? null);
  }

  meta(board: string): BoardMeta | undefined {
    const row = this.read.get(board);
    if (!row) return undefined;
    const meta: BoardMeta = { createdAt: row.createdAt, opened: row.opened !== 0, orgOnly: row.orgOnly !== 0 };
    if (row.ownerIssuer !== null && row.ownerSubject !== null)
      meta.owner = { issuer: row.ownerIssuer, subject: row.ownerSubject };
    return meta;
  }

  markOpened(board: string): void {
    this.open.run(board);
  }

  unopenedBefore(before: number, limit: number): string[] {
    return this.unopened.all(before, limit).map((row) => row.board);
  }
}
