import type { Logger } from 'pino';
import type { BoardJob, BoardJobResult } from './boardWorker';
import { JobThread } from './JobThread';

/** The server's side of the board thread (boardWorker.js). */
export class BoardThread {
  private readonly thread: JobThread<BoardJob, BoardJobResult>;

  constructor(file: string, log: Logger) {
    this.thread = new JobThread({ file, name: 'the board thread', log });
  }

  /** A version's content hash; the state is handed over and back, never copied. */
  hashState = async (state: Uint8Array): Promise<{ hash: string; state: Uint8Array }> => {
    const result = await this.thread.run({ type: 'hash', state }, [state.buffer as ArrayBuffer]);
    if (!('hash' in result)) throw new Error('the board thread answered a hash without one');
    return result;
  };

  /** Updates merged into one, deleted content dropped (mergeUpdatesWithGc); they are copied to the thread. */
  merge = async (updates: Uint8Array[]): Promise<Uint8Array> => {
    const result = await this.thread.run({ type: 'merge', updates });
    if (!('merged' in result)) throw new Error('the board thread answered a merge without its result');
    return result.merged;
  };

  close(): Promise<void> {
    return this.thread.close();
  }
}
