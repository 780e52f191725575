import * as Y from 'yjs';
import { readSession, type BoardId } from '@archboard/shared';

/** What a board's doc tells its room when it opens. */
export interface OpenedDoc {
  /** Positions of the stored updates that failed to apply. */
  failed: number[];
  /** The board is an interview (its doc holds a session): its `interview` root is the host's alone. */
  interview: boolean;
}

/** A check of a client's update: it parses, and (`guard`) changes nothing under the guarded roots of the board's doc. */
export type CheckVerdict = 'ok' | 'malformed' | 'guarded';
export interface Guard {
  board: BoardId;
  roots: string[];
}

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
  /** Loads a board's stored updates into a new doc. */
  open(board: BoardId, updates: Uint8Array[]): Promise<OpenedDoc>;
  /** Applies an update the store now holds (errors are reported through the table's `onError`). */
  apply(board: BoardId, update: Uint8Array): void;
  stateVector(board: BoardId): Promise<Uint8Array>;
  /** What a client whose state vector is `stateVector` lacks of the board. */
  diff(board: BoardId, stateVector: Uint8Array): Promise<Uint8Array>;
  /** Frees the board's doc. */
  close(board: BoardId): void;
  /**
   * Whether `update` parses as a Yjs update (checked off the event loop when it is big; see
   * decodeClientMessage), and with `guard`, whether it leaves the guarded roots of the
   * board's doc alone: it creates nothing under them and deletes nothing of theirs.
   */
  check(update: Uint8Array, guard?: Guard): Promise<CheckVerdict>;
}

/** Whether a state vector is that of a client that has nothing yet (a joiner gets the whole board). */
export const hasNothing = (stateVector: Uint8Array): boolean => stateVector.length === 1 && stateVector[0] === 0;

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

  open(board: BoardId, updates: Uint8Array[]): OpenedDoc {
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
    return { failed, interview: readSession(doc) !== undefined };
  }

  apply(board: BoardId, update: Uint8Array): void {
    try {
      const entry = this.entry(board);
      entry.whole = undefined;
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
    if (!hasNothing(stateVector)) return Y.encodeStateAsUpdate(entry.doc, stateVector);
    entry.whole ??= Y.encodeStateAsUpdate(entry.doc, EMPTY_STATE_VECTOR);
    return entry.whole;
  }

  close(board: BoardId): void {
    this.docs.get(board)?.doc.destroy();
    this.docs.delete(board);
  }

  check(update: Uint8Array, guard?: Guard): CheckVerdict {
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      return 'malformed';
    }
    if (!guard) return 'ok';
    const roots = new Set(guard.roots);
    return touchedRoots(this.entry(guard.board).doc, decoded).some((root) => roots.has(root)) ? 'guarded' : 'ok';
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
    return settle(() => this.table.open(board, updates));
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

  check(update: Uint8Array, guard?: Guard): Promise<CheckVerdict> {
    return settle(() => this.table.check(update, guard));
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

/**
 * The root types an update would change in `doc`: the roots its new items go under
 * (through parents in the doc or in the update itself), and those of the doc's items its
 * delete set removes. Roots it cannot tell (a parent neither has) are left out: Yjs keeps
 * such an item pending and never shows it, and what it waits for is checked when it comes.
 * (The guarded `interview` root holds plain values only, so no type under it can be such a
 * parent.)
 */
export function touchedRoots(doc: Y.Doc, { structs, ds }: ReturnType<typeof Y.decodeUpdate>): string[] {
  const roots = new Set<string>();
  // The update's items by client, in clock order (as updates encode them), for IDs within them.
  const byClient = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const items = byClient.get(struct.id.client) ?? [];
    items.push(struct);
    byClient.set(struct.id.client, items);
  }
  const inUpdate = (id: Y.ID): Y.Item | undefined =>
    byClient.get(id.client)?.find((item) => item.id.clock <= id.clock && id.clock < item.id.clock + item.length);
  const rootOf = (parent: unknown, depth = 0): string | undefined => {
    if (typeof parent === 'string') return parent;
    if (parent instanceof Y.AbstractType) return rootOfType(parent);
    if (!(parent instanceof Y.ID) || depth > 64) return undefined;
    const pending = inUpdate(parent);
    if (pending) return rootOf(parentOf(pending), depth + 1);
    const item = findItem(doc, parent.client, parent.clock);
    return item?.content instanceof Y.ContentType ? rootOfType(item.content.type) : undefined;
  };
  /** An item's parent: in an update, one with a left or right neighbour names none, the neighbour's is its. */
  const parentOf = (item: Y.Item, depth = 0): unknown => {
    if (item.parent !== null || depth > 64) return item.parent;
    for (const side of [item.origin, item.rightOrigin]) {
      if (!side) continue;
      const neighbour = inUpdate(side) ?? findItem(doc, side.client, side.clock);
      if (neighbour) return parentOf(neighbour, depth + 1);
    }
    return null;
  };
  for (const struct of structs) {
    // An item the doc holds already changes nothing (a client may send what it has twice).
    if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client))
      continue;
    const root = rootOf(parentOf(struct));
    if (root !== undefined) roots.add(root);
  }
  for (const [client, deletes] of ds.clients) {
    const items = doc.store.clients.get(client);
    if (!items) continue;
    for (const { clock, len } of deletes) {
      let index: number;
      try {
        index = Y.findIndexSS(items, clock);
      } catch {
        continue; // past what the doc holds of that client
      }
      for (; index < items.length && items[index]!.id.clock < clock + len; index++) {
        const item = items[index];
        // Deleting what is already deleted changes nothing (every sync step 2 carries the whole delete set).
        const root = item instanceof Y.Item && !item.deleted ? rootOf(item.parent) : undefined;
        if (root !== undefined) roots.add(root);
      }
    }
  }
  return [...roots];
}

function rootOfType(type: Y.AbstractType<unknown>): string | undefined {
  let top = type;
  while (top._item) {
    const parent = top._item.parent;
    if (!(parent instanceof Y.AbstractType)) return undefined;
    top = parent as Y.AbstractType<unknown>;
  }
  try {
    return Y.findRootTypeKey(top);
  } catch {
    return undefined;
  }
}

function findItem(doc: Y.Doc, client: number, clock: number): Y.Item | undefined {
  const items = doc.store.clients.get(client);
  if (!items) return undefined;
  try {
    const struct = items[Y.findIndexSS(items, clock)];
    return struct instanceof Y.Item ? struct : undefined;
  } catch {
    return undefined;
  }
}
