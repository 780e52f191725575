import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { MESSAGE, SYNC } from '@archboard/shared';

/**
 * The rule: an edit of this tab is synced once the server has shown that it stores it.
 * The server sends an edit to anyone, its sender included, only after storing it
 * (README, "The update path"), and greets every connection with its state vector. So:
 *
 * - an edit's new items are stored once an update from the server holds items of the same
 *   client at or past their clock, or the server's state vector reaches that clock (the
 *   server's doc integrates each client's items in clock order);
 * - an edit's deletions are stored once delete sets from the server cover them. Every
 *   sync step 2 carries the server's whole delete set, so a reconnect also settles
 *   deletions whose echo was lost with the old socket.
 *
 * An echo of items we already hold changes nothing in our doc and raises no update event,
 * so the frames are read as they arrive rather than through the doc. Only frames from the
 * socket count: the same handler reads other tabs' frames relayed over BroadcastChannel,
 * and another tab of this browser can hold our edits before the server does.
 */

/** Yjs exports the delete set's functions but not its class. */
type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** One local transaction that changed the doc: the clock its items reach, and what it deleted. */
interface PendingTransaction {
  at: number;
  /** Transactions close together form one edit (see `captureMs`). */
  edit: number;
  client: number;
  /** The client's clock after the transaction; 0 when it only deleted. */
  clock: number;
  deletes: { client: number; clock: number; len: number }[];
}

export interface UnsyncedEditsOptions {
  /**
   * Local transactions this close together count as one edit, as the undo manager groups
   * them (the default is its CAPTURE_TIMEOUT_MS): a drag is one edit, not sixty a second.
   */
  captureMs?: number;
  now?: () => number;
}

/** Counts this tab's edits the server has not shown it stores (the rule above). */
export class UnsyncedEdits {
  private pending: PendingTransaction[] = [];
  private edits = 0;
  private lastEdit = 0;
  private lastAt = -Infinity;
  /** Per client, the clock up to which the server has shown it holds the items. */
  private readonly stored = new Map<number, number>();
  /** Deletions the server has shown, kept only while transactions are pending. */
  private storedDeletes = Y.createDeleteSet();
  private readonly captureMs: number;
  private readonly now: () => number;
  private readonly onUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    // Local transactions are this tab's edits (gestures, undo, repair, init); updates
    // from the socket, other tabs and IndexedDB are applied as remote ones.
    if (!tr.local) return;
    const client = tr.doc.clientID;
    const after = tr.afterState.get(client) ?? 0;
    const clock = after > (tr.beforeState.get(client) ?? 0) ? after : 0;
    const deletes = [...tr.deleteSet.clients].flatMap(([owner, items]) =>
      items.map((item) => ({ client: owner, clock: item.clock, len: item.len })),
    );
    if (clock === 0 && deletes.length === 0) return;
    const at = this.now();
    if (at - this.lastAt >= this.captureMs) this.lastEdit++;
    this.lastAt = at;
    if (this.pending.at(-1)?.edit !== this.lastEdit) this.edits++;
    this.pending.push({ at, edit: this.lastEdit, client, clock, deletes });
    this.onChange();
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly onChange: () => void,
    options: UnsyncedEditsOptions = {},
  ) {
    this.captureMs = options.captureMs ?? 400;
    this.now = options.now ?? (() => performance.now());
    doc.on('update', this.onUpdate);
  }

  /** Edits made here that the server has not shown it stores. */
  get count(): number {
    return this.edits;
  }

  /** When the oldest transaction still waiting for the server was made (`now()`'s clock). */
  get oldestAt(): number | undefined {
    return this.pending[0]?.at;
  }

  /** A state vector the server sent (sync step 1): it holds every item below these clocks. */
  serverHolds(stateVector: Map<number, number>): void {
    if (this.pending.length === 0) return;
    stateVector.forEach((clock, client) => this.noteStored(client, clock));
    this.settle();
  }

  /** An update the server sent (sync step 2, an echo, or someone else's edit). */
  serverSent(update: Uint8Array): void {
    if (this.pending.length === 0) return;
    const { structs, ds } = Y.decodeUpdate(update);
    for (const struct of structs) {
      if (!(struct instanceof Y.Skip)) this.noteStored(struct.id.client, struct.id.clock + struct.length);
    }
    if (ds.clients.size > 0) this.storedDeletes = Y.mergeDeleteSets([this.storedDeletes, ds]);
    this.settle();
  }

  private noteStored(client: number, clock: number): void {
    if (clock > (this.stored.get(client) ?? 0)) this.stored.set(client, clock);
  }

  private settle(): void {
    const before = this.pending.length;
    this.pending = this.pending.filter(
      (tr) =>
        tr.clock > (this.stored.get(tr.client) ?? 0) ||
        tr.deletes.some((range) => !covers(this.storedDeletes, range.client, range.clock, range.len)),
    );
    if (this.pending.length === 0) this.storedDeletes = Y.createDeleteSet();
    if (this.pending.length === before) return;
    // Transactions of one edit are contiguous in `pending`.
    this.edits = this.pending.filter((tr, i) => i === 0 || this.pending[i - 1]!.edit !== tr.edit).length;
    this.onChange();
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
  }
}

/** Whether a sorted, merged delete set deletes all of [clock, clock + len) of `client`. */
function covers(ds: DeleteSet, client: number, clock: number, len: number): boolean {
  const items = ds.clients.get(client);
  if (!items) return false;
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid]!;
    if (clock < item.clock) hi = mid - 1;
    else if (clock >= item.clock + item.len) lo = mid + 1;
    else return clock + len <= item.clock + item.len;
  }
  return false;
}

/**
 * Feeds `edits` the sync frames that come from the server, by wrapping the provider's sync
 * handler (the frame is read again after y-websocket has applied it). Returns the undo.
 */
export function followServerSync(provider: WebsocketProvider, edits: UnsyncedEdits): () => void {
  const handlers = provider.messageHandlers;
  const original = handlers[MESSAGE.sync];
  if (!original) throw new Error('y-websocket has no sync message handler');
  handlers[MESSAGE.sync] = (encoder, decoder, from, fromSocket, messageType) => {
    // y-websocket passes `emitSynced` true for socket frames and false for BroadcastChannel ones.
    const frame = fromSocket && edits.count > 0 ? decoding.clone(decoder) : undefined;
    original(encoder, decoder, from, fromSocket, messageType);
    if (!frame) return;
    const kind = decoding.readVarUint(frame);
    const payload = decoding.readVarUint8Array(frame);
    if (kind === SYNC.step1) edits.serverHolds(Y.decodeStateVector(payload));
    else if (kind === SYNC.step2 || kind === SYNC.update) edits.serverSent(payload);
  };
  return () => {
    handlers[MESSAGE.sync] = original;
  };
}
