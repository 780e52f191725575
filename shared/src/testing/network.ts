import * as Y from 'yjs';

/**
 * Test-only: an in-memory network of Y.Doc replicas, after yjs v13 `tests/testHelper.js`
 * (`TestConnector`). Every local update is queued to each online peer; the test decides
 * which queued message arrives next (out of order), which is lost, and when replicas
 * go offline. Lost messages come back through `resync`, the anti-entropy a real
 * provider's sync handshake performs on reconnect. All choices are passed in, so a run
 * is reproducible from the fast-check seed that produced them.
 */
interface Message {
  from: number;
  to: number;
  update: Uint8Array;
}

export interface NetworkOptions {
  /** One client id per replica; fixed ids make Yjs' conflict order reproducible. */
  clientIds?: number[];
  /** Runs after a replica applies remote data (the place a client reacts to a change). */
  onReceive?: (index: number, doc: Y.Doc) => void;
}

export class TestNetwork {
  readonly docs: Y.Doc[];
  private readonly online: boolean[];
  private queue: Message[] = [];
  private readonly onReceive: ((index: number, doc: Y.Doc) => void) | undefined;

  constructor(count: number, options: NetworkOptions = {}) {
    this.onReceive = options.onReceive;
    this.online = Array.from({ length: count }, () => true);
    this.docs = Array.from({ length: count }, (_, i) => {
      const doc = new Y.Doc();
      doc.clientID = options.clientIds?.[i] ?? i + 1;
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        // Data applied from the network is not relayed: the mesh plus resync covers it.
        if (origin === this || !this.online[i]) return;
        for (let to = 0; to < count; to++) {
          if (to !== i && this.online[to]) this.queue.push({ from: i, to, update });
        }
      });
      return doc;
    });
  }

  doc(index: number): Y.Doc {
    const doc = this.docs[index];
    if (!doc) throw new Error(`no replica ${index}`);
    return doc;
  }

  get pending(): number {
    return this.queue.length;
  }

  isOnline(index: number): boolean {
    return this.online[index] === true;
  }

  /** Delivers the queued message at `pick` (modulo the queue length). */
  deliver(pick: number): string {
    if (this.queue.length === 0) return 'nothing queued';
    const [message] = this.queue.splice(pick % this.queue.length, 1);
    if (!message) return 'nothing queued';
    this.apply(message.to, message.update);
    return `r${message.from}→r${message.to}`;
  }

  /** Loses the queued message at `pick`; only a later resync makes up for it. */
  drop(pick: number): string {
    if (this.queue.length === 0) return 'nothing queued';
    const [message] = this.queue.splice(pick % this.queue.length, 1);
    return message ? `lost r${message.from}→r${message.to}` : 'nothing queued';
  }

  deliverAll(): void {
    for (let guard = 0; this.queue.length > 0; guard++) {
      if (guard > 100_000) throw new Error('network does not quiesce');
      this.deliver(0);
    }
  }

  /** The replica goes offline: messages in flight to it are lost, its edits stay local. */
  disconnect(index: number): void {
    this.online[index] = false;
    this.queue = this.queue.filter((m) => m.to !== index);
  }

  /** The replica comes back and runs the sync handshake with every online peer. */
  reconnect(index: number): void {
    this.online[index] = true;
    this.docs.forEach((_, other) => {
      if (other !== index) this.resync(index, other);
    });
  }

  /** Two online replicas exchange whatever the other lacks (sync steps 1 and 2, both ways). */
  resync(a: number, b: number): void {
    if (a === b || !this.isOnline(a) || !this.isOnline(b)) return;
    const docA = this.doc(a);
    const docB = this.doc(b);
    const forB = Y.encodeStateAsUpdate(docA, Y.encodeStateVector(docB));
    const forA = Y.encodeStateAsUpdate(docB, Y.encodeStateVector(docA));
    this.apply(b, forB);
    this.apply(a, forA);
  }

  /** Everyone back online, every message delivered, every pair synced, until nothing changes. */
  settle(): void {
    this.docs.forEach((_, i) => (this.online[i] = true));
    for (let round = 0; round < 10; round++) {
      this.deliverAll();
      for (let a = 0; a < this.docs.length; a++) {
        for (let b = a + 1; b < this.docs.length; b++) this.resync(a, b);
      }
      this.deliverAll();
      if (this.inSync()) return;
    }
    throw new Error('replicas did not converge after 10 settle rounds');
  }

  /** True when every replica holds the same operations (equal state vectors, nothing pending). */
  inSync(): boolean {
    const [first, ...rest] = this.docs.map((d) => Y.encodeStateVector(d).toString());
    return rest.every((sv) => sv === first) && this.docs.every((d) => d.store.pendingStructs === null);
  }

  private apply(index: number, update: Uint8Array): void {
    const doc = this.doc(index);
    Y.applyUpdate(doc, update, this);
    this.onReceive?.(index, doc);
  }
}

/** Two docs exchange their full state once (for small scenario tests). */
export function syncPair(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Counts the transactions and non-empty updates a piece of code causes on a doc. */
export function countTransactions<T>(
  doc: Y.Doc,
  run: () => T,
): { result: T; transactions: number; updates: number; origins: unknown[] } {
  let transactions = 0;
  let updates = 0;
  const origins: unknown[] = [];
  const onTransaction = (tr: Y.Transaction) => {
    transactions++;
    origins.push(tr.origin);
  };
  const onUpdate = () => updates++;
  doc.on('afterTransaction', onTransaction);
  doc.on('update', onUpdate);
  try {
    return { result: run(), transactions, updates, origins };
  } finally {
    doc.off('afterTransaction', onTransaction);
    doc.off('update', onUpdate);
  }
}
