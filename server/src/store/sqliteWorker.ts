// The embedded store's thread: compactions and loads of big boards read and write a whole
// board (up to MAX_BOARD_BYTES), versions of one write it, and checkpoints copy the WAL
// into the database file. On the event loop that takes tens to thousands of milliseconds;
// here the loop keeps serving every other board meanwhile (SqliteOffload). Its own
// connection to the same file: WAL lets it read while the server appends; its writes are
// announced to SqliteStore, which holds appends back meanwhile rather than let them wait
// on SQLite's write lock, which blocks the event loop.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { serveJobs } from '../threads/serveJobs';
import { sqliteCompaction, type Folded } from './sqliteCompaction';
import { SNAPSHOT_INSERT, type SnapshotRowValues } from './sqliteSnapshots';

export type StoreJob =
  | { type: 'fold'; board: string }
  | { type: 'replace'; board: string; upTo: number; snapshot: Uint8Array }
  | { type: 'load'; board: string }
  | { type: 'checkpoint' }
  | { type: 'saveSnapshot'; row: SnapshotRowValues };

export type StoreJobResult = { folded: Folded } | { replaced: boolean } | { updates: Uint8Array[] } | { done: true };

const { file, synchronous } = workerData as { file: string; synchronous: 'full' | 'normal' };
const db = new Database(file);
db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
const compaction = sqliteCompaction(db);
const select = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE board = ? ORDER BY seq');
const snapshotInsert = db.prepare<SnapshotRowValues>(SNAPSHOT_INSERT);

/** A blob's memory, handed over rather than copied when the buffer is its own (not a slice of a pool). */
const ownBuffer = (data: Buffer): ArrayBuffer | undefined =>
  data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? (data.buffer as ArrayBuffer) : undefined;

serveJobs<StoreJob, StoreJobResult>((job) => {
  switch (job.type) {
    case 'fold': {
      const folded = compaction.fold(job.board);
      return { result: { folded }, transfer: 'snapshot' in folded ? [folded.snapshot.buffer as ArrayBuffer] : [] };
    }
    case 'replace':
      return { result: { replaced: compaction.replace(job.board, job.upTo, job.snapshot) } };
    case 'checkpoint':
      // PASSIVE: copies what it can into the database file and never makes the server's appends wait.
      db.pragma('wal_checkpoint(PASSIVE)');
      return { result: { done: true } };
    case 'saveSnapshot':
      snapshotInsert.run(...job.row);
      return { result: { done: true } };
    case 'load': {
      const rows = select.all(job.board).map((row) => row.data);
      const updates = rows.map((data) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return { result: { updates }, transfer: rows.map(ownBuffer).filter((buffer) => buffer !== undefined) };
    }
  }
});
