import type Database from 'better-sqlite3';
import type { BoardId } from '@archboard/shared';
import type { SnapshotInfo } from './Store';

/** The values of a `snapshots` row, in the column order of SNAPSHOT_INSERT. */
export type SnapshotRowValues = [
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  number,
  number | null,
  Uint8Array,
];

/** Writes a version: the one statement SqliteStore and its store thread both prepare. */
export const SNAPSHOT_INSERT = `INSERT OR REPLACE INTO snapshots (board, id, created_at, kind, name, editors, hash, bytes, step, state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function snapshotRow(board: BoardId, info: SnapshotInfo, state: Uint8Array): SnapshotRowValues {
  const { id, createdAt, kind, name, editors, hash, bytes, step } = info;
  return [board, id, createdAt, kind, name, JSON.stringify(editors), hash, bytes, step ?? null, state];
}

/** Creates the versions table, or adds the columns a file made by an older version lacks. */
export function createSnapshotTable(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS snapshots (
      board TEXT NOT NULL,
      id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      editors TEXT NOT NULL, -- JSON array of names
      hash TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      step INTEGER, -- an interview's replay position (SnapshotInfo.step)
      state BLOB NOT NULL, -- last, so listing reads no overflow pages
      PRIMARY KEY (board, id)
    );
  `);
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('snapshots')").all();
  if (!columns.some((column) => column.name === 'step')) db.exec('ALTER TABLE snapshots ADD COLUMN step INTEGER');
}
