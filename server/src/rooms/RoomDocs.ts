import * as Y from 'yjs';
import type { BoardId } from '@archboard/shared';

/**
 * Where the open boards' Yjs docs live. A room never reads its doc on the event loop: it
 * relays the updates it stores and asks its doc only what a joining client needs (the state
 * vector, the diff against the client's). Applying a board of 100,000 small items takes
 * seconds, and that must not stall every other board. In the server the docs live on a thread
 * of their own (threads/DocThread.ts, around a DocTable); in unit tests, on the event loop
 * (LocalDocs).
 *
 * Calls on one board take effect in the order made: an update `apply`d before a `diff` is
 * in the diff.
 */
export interface RoomDocs {
  /** Loads a board's stored updates into a new doc; resolves with the positions of those that failed to apply. */
  open(board: BoardId, updates: Uint8Array[]): Promise<{ failed: number[] }>;
  /** Applies an update the store now holds (errors are reported through the table's `onError`). */
  apply(board: BoardId, update: Uint8Array): void;
  stateVector(board: BoardId): Promise<Uint8Array>;
  /** What a client whose state vector is `stateVector` lacks of the board. */
  diff(board: BoardId, stateVector: Uint8Array): Promise<Uint8Array>;
  /** Frees the board's doc. */
  close(board: BoardId): void;
  /** Whether `update` parses as a Yjs update (checked off the event loop when it is big; see decodeClientMessage). */
  check(update: Uint8Array): Promise<boolean>;
}

/** A doc, and its whole state once encoded, until the next update changes it. */
interface Entry {
  doc: Y.Doc;
  whole: Uint8Array | undefined;
}

const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** The docs themselves: the synchronous core of every RoomDocs. */
export class DocTable {
  private readonly docs = new Map<BoardId, Entry>();

  constructor(private readonly onError: (board: BoardId, error: unknown) => void) {}

  get size(): number {
    return this.docs.size;
  }

  open(board: BoardId, updates: Uint8Array[]): { failed: number[] } {
    this.close(board);
    const doc = new Y.Doc({ gc: true });
    const failed: number[] = [];
    doc.transact(() =>
      updates.forEach((update, i) => {
        try {
          Y.applyUpdate(doc, update);
        } catch (e) {
          // One bad stored update must not make a whole board unloadable.
          this.onError(board, e);
          failed.push(i);
        }
      }),
    );
    this.docs.set(board, { doc, whole: undefined });
    return { failed };
  }

  apply(board: BoardId, update: Uint8Array): void {
    const entry = this.entry(board);
    entry.whole = undefined;
    try {
      Y.applyUpdate(entry.doc, update);
    } catch (e) {
      this.onError(board, e);
    }
  }

  stateVector(board: BoardId): Uint8Array {
    return Y.encodeStateVector(this.entry(board).doc);
  }

  /** The diff; a client that has nothing gets the whole state, encoded once for every such joiner. */
  diff(board: BoardId, stateVector: Uint8Array): Uint8Array {
    const entry = this.entry(board);
    const hasNothing = stateVector.length === 1 && stateVector[0] === 0;
    if (!hasNothing) return Y.encodeStateAsUpdate(entry.doc, stateVector);
    entry.whole ??= Y.encodeStateAsUpdate(entry.doc, EMPTY_STATE_VECTOR);
    return entry.whole;
  }

  close(board: BoardId): void {
    this.docs.get(board)?.doc.destroy();
    this.docs.delete(board);
  }

  check(update: Uint8Array): boolean {
    try {
      Y.decodeUpdate(update);
      return true;
    } catch {
      return false;
    }
  }

  private entry(board: BoardId): Entry {
    const entry = this.docs.get(board);
    if (!entry) throw new Error(`no doc open for board ${board}`);
    return entry;
  }
}

/** The docs on the event loop: for unit tests, and small tools that open one board. */
export class LocalDocs implements RoomDocs {
  readonly table: DocTable;

  constructor(onError: (board: BoardId, error: unknown) => void = () => {}) {
    this.table = new DocTable(onError);
  }

  open(board: BoardId, updates: Uint8Array[]) {
    return Promise.resolve(this.table.open(board, updates));
  }

  apply(board: BoardId, update: Uint8Array): void {
    this.table.apply(board, update);
  }

  stateVector(board: BoardId) {
    return settle(() => this.table.stateVector(board));
  }

  diff(board: BoardId, stateVector: Uint8Array) {
    return settle(() => this.table.diff(board, stateVector));
  }

  close(board: BoardId): void {
    this.table.close(board);
  }

  check(update: Uint8Array): Promise<boolean> {
    return Promise.resolve(this.table.check(update));
  }
}

/** A synchronous call's result or error as a promise (as the thread's would be). */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
