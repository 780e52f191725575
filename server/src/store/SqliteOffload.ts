import type { Logger } from 'pino';
import { JobThread } from '../threads/JobThread';
import type { Folded } from './sqliteCompaction';
import type { SnapshotRowValues } from './sqliteSnapshots';
import type { StoreJob, StoreJobResult } from './sqliteWorker';

/** The server's side of the embedded store's thread (sqliteWorker.js). */
export class SqliteOffload {
  private readonly thread: JobThread<StoreJob, StoreJobResult>;

  constructor(options: { workerFile: string; file: string; synchronous: 'full' | 'normal'; log?: Logger }) {
    const { workerFile, file, synchronous, log } = options;
    this.thread = new JobThread({ file: workerFile, workerData: { file, synchronous }, name: 'the store thread', log });
  }

  /** Folds the board's rows into one snapshot on the thread (sqliteCompaction), reading only. */
  async fold(board: string): Promise<Folded> {
    const result = await this.thread.run({ type: 'fold', board });
    if (!('folded' in result)) throw new Error('the store thread answered a fold without its result');
    return result.folded;
  }

  /** Writes a folded snapshot on the thread, handed over; false when its rows are gone. */
  async replace(board: string, upTo: number, snapshot: Uint8Array): Promise<boolean> {
    const result = await this.thread.run({ type: 'replace', board, upTo, snapshot }, [snapshot.buffer as ArrayBuffer]);
    return 'replaced' in result && result.replaced;
  }

  /** Reads the board's stored updates on the thread, handed over without a copy. */
  async load(board: string): Promise<Uint8Array[]> {
    const result = await this.thread.run({ type: 'load', board });
    if (!('updates' in result)) throw new Error('the store thread answered a load without updates');
    return result.updates;
  }

  /** Copies the WAL into the database file on the thread, without making appends wait. */
  async checkpoint(): Promise<void> {
    await this.thread.run({ type: 'checkpoint' });
  }

  /** Writes a version on the thread. Its state is copied once here (a memcpy) and handed over. */
  async saveSnapshot(row: SnapshotRowValues): Promise<void> {
    const state = row[9].slice();
    const values: SnapshotRowValues = [...row.slice(0, 9), state] as SnapshotRowValues;
    await this.thread.run({ type: 'saveSnapshot', row: values }, [state.buffer]);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
