import type Database from 'better-sqlite3';
import { mergeUpdatesWithGc } from './mergeUpdates';

/** A board's rows folded into one snapshot, to replace the rows up to `upTo`. */
export type Folded = { bytes: number } | { bytes: number; upTo: number; snapshot: Uint8Array };

/**
 * The compaction of the embedded store, in two steps on a given connection (the server's,
 * or the store thread's: sqliteWorker.ts). `fold` reads the board's rows and folds them
 * into one snapshot; it only reads, so appends go on meanwhile. `replace`, one short write,
 * replaces the rows folded by the snapshot, kept at the position of the last of them: rows
 * appended meanwhile come after it and stay. If that last row is gone by then (the board was
 * deleted, or compacted by another call), it writes nothing. Afterwards the WAL, which has
 * just held a whole board, is truncated.
 */
export function sqliteCompaction(db: Database.Database) {
  const select = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE board = ? ORDER BY seq',
  );
  const has = db.prepare<[string, number]>('SELECT 1 FROM updates WHERE board = ? AND seq = ?');
  const removeUpTo = db.prepare<[string, number]>('DELETE FROM updates WHERE board = ? AND seq <= ?');
  const insertAt = db.prepare<[number, string, Uint8Array]>('INSERT INTO updates (seq, board, data) VALUES (?, ?, ?)');
  const write = db.transaction((board: string, upTo: number, snapshot: Uint8Array): boolean => {
    if (!has.get(board, upTo)) return false;
    removeUpTo.run(board, upTo);
    insertAt.run(upTo, board, snapshot);
    return true;
  });
  return {
    /** The board's rows as one snapshot; only `bytes` (what it stores) when there is nothing to fold. */
    fold(board: string): Folded {
      const rows = select.all(board);
      const bytes = rows.reduce((sum, row) => sum + row.data.byteLength, 0);
      const last = rows.at(-1);
      if (!last || rows.length < 2) return { bytes };
      return { bytes, upTo: last.seq, snapshot: mergeUpdatesWithGc(rows.map((row) => row.data)) };
    },
    /** Writes a folded snapshot; false when its rows are gone. */
    replace(board: string, upTo: number, snapshot: Uint8Array): boolean {
      if (!write.immediate(board, upTo, snapshot)) return false;
      db.pragma('wal_checkpoint(TRUNCATE)');
      return true;
    },
  };
}
