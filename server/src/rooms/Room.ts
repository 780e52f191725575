import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { can, INTERVIEW_ROOT, parseDocName, READ_ONLY_REASON, type BoardId } from '@archboard/shared';
import type { Bus, BusSubscription, LinksChange } from '../bus/Bus';
import type { HistoryService } from '../history/HistoryService';
import type { ArchiveEntry, Store } from '../store/Store';
import { BoardSize } from './BoardSize';
import type { Connection } from './Connection';
import { LinkGate } from './LinkGate';
import { PresenceGuard, type PresenceLimits } from './PresenceGuard';
import {
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessStates,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2Update,
  encodeUpdate,
  isEmptyUpdate,
  ProtocolError,
} from './messages';
import { ORIGIN } from './origins';
import { LocalDocs, type RoomDocs } from './RoomDocs';

export interface RoomDeps {
  store: Store;
  bus: Bus;
  log: Logger;
  /** Compact the stored log once this many updates, or this many bytes, were appended since the last compaction. */
  compactEvery: number;
  compactBytes?: number;
  /** Updates held while the store fails, at most; past it, writers are closed with 4503 (they keep their edits and resend). */
  maxPendingBytes?: number;
  /** The most a board may store (see BoardSize); past it, the writer is closed with 4411. */
  maxBoardBytes?: number;
  metrics?: RoomMetrics;
  /** Automatic versions: after `intervalMs` of activity, and when the last person leaves. */
  history?: { service: HistoryService; intervalMs: number };
  /** What one connection may publish as presence (see PresenceGuard). */
  presence?: PresenceLimits;
  /** Where the board's doc lives (the server's doc thread); unset: on the event loop. */
  docs?: RoomDocs;
}

/** What a room reports about its traffic (see http/metrics.ts). */
export interface RoomMetrics {
  updateIn(): void;
  updatesOut(frames: number): void;
  appendSeconds(seconds: number): void;
}

/** How long a board must go without updates before a due compaction runs. */
const COMPACTION_QUIET_MS = 1000;

/**
 * The most one flush merges and stores (see takeBatch), and the largest update parsed on
 * the event loop (a bigger one is checked on the doc thread): merging or parsing a few
 * hundred KiB of small items takes tens of milliseconds.
 */
const MAX_BATCH_BYTES = 64 * 1024;
const CHECK_INLINE_BYTES = 64 * 1024;

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** Why an update to an interview's clock from anyone but its host was refused. */
const HOST_ONLY_REASON = 'only the interviewer runs the interview clock';

/** A state vector that names nothing: the client has nothing of the board. */
const NOTHING = new Uint8Array([0]);

/**
 * One open board on this instance: its connections, awareness, and its doc (held in
 * RoomDocs, off the event loop).
 *
 * The update path keeps one rule: no one sees an edit, and no sender gets its echo,
 * before the store holds it. Client updates are queued, merged per tick, appended, and
 * only then relayed, as stored, to every connection (the sender included), published on
 * the bus and applied to the doc. So the doc holds exactly what is stored, and a joining
 * client is answered from it. The event loop only moves bytes: it never applies an update
 * to a doc nor encodes one, which for a board of 100,000 items takes seconds.
 */
export class Room {
  /** The doc awareness belongs to: only its client id is used, and the server publishes no presence. */
  private readonly presenceDoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.presenceDoc);
  private readonly docs: RoomDocs;
  /** The doc's state vector, asked once for every client that joins until the doc changes. */
  private stateVector: Promise<Uint8Array> | undefined;
  /** Connections waiting for the room's state vector to open their handshake; their frames are held. */
  private readonly greeting = new Set<Connection>();
  readonly connections = new Set<Connection>();
  state: 'loading' | 'open' | 'closing' | 'closed' = 'loading';
  readonly closed: Promise<void>;
  private markClosed!: () => void;
  private pending: Uint8Array[] = [];
  /** On an interview board, who sent each pending update (its replay's authorship), one for one with `pending`. */
  private pendingBy: ArchiveEntry['by'][] = [];
  /**
   * An interview board: its `interview` root (the clock) is the host's alone, and every
   * update is archived with its author for the replay, one at a time (never merged).
   */
  private interview = false;
  private flushScheduled = false;
  private appending = false;
  private appendFailures = 0;
  private appendedSinceCompaction = 0;
  private bytesSinceCompaction = 0;
  private pendingBytes = 0;
  /** Updates being checked on the doc thread, and the turn the next accepted update waits for. */
  private checking = 0;
  private inbound: Promise<void> = Promise.resolve();
  /** The stored update the doc was loaded from, while the doc is unchanged since (see answerSync). */
  private loadedState: Uint8Array | undefined;
  /** The board's stored size, against its cap. */
  readonly size: BoardSize;
  /** Every byte stored for this board since the room opened (a compaction may not count those stored while it ran). */
  private storedTotal = 0;
  private flushWaiters: (() => void)[] = [];
  private subscription: BusSubscription | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  private compactTimer: NodeJS.Timeout | undefined;
  /** Awareness client ids changed this tick, and those of them that changed here rather than on the bus. */
  private readonly awarenessChanged = new Set<number>();
  private readonly awarenessLocal = new Set<number>();
  /** Edits stored since the last automatic version, and who made them. */
  private editedSinceVersion = false;
  private readonly editorConns = new Set<Connection>();
  private readonly editorNames = new Set<string>();
  private versionTimer: NodeJS.Timeout | undefined;
  private versionSaved: Promise<void> = Promise.resolve();
  /** Which links still open this board (a reset or a deletion shuts the others out). */
  private readonly links = new LinkGate();
  /** Who speaks for which awareness client id, and the presence caps. */
  private readonly presence: PresenceGuard;

  constructor(
    readonly board: BoardId,
    private readonly deps: RoomDeps,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    this.size = new BoardSize(deps.maxBoardBytes ?? Infinity);
    this.awareness.setLocalState(null); // the server is not a participant
    this.presence = new PresenceGuard(this.awareness, deps.presence);
    this.docs =
      deps.docs ??
      new LocalDocs((board, e) => deps.log.error({ board, err: e }, 'skipped an update that failed to apply'));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwarenessUpdate(change, origin));
  }

  /** Subscribes to the bus first and then reads the store, so no update falls between. */
  async load(): Promise<void> {
    this.subscription = await this.deps.bus.subscribe(this.board, {
      update: (update) => (this.stored(update), this.relay(update, ORIGIN.bus)),
      awareness: (update) => awarenessProtocol.applyAwarenessUpdate(this.awareness, update, ORIGIN.bus),
      presenceLost: (ids) => awarenessProtocol.removeAwarenessStates(this.awareness, ids, ORIGIN.bus),
      links: (change) => this.applyLinks(change),
    });
    const [stored, generation] = await Promise.all([
      this.deps.store.load(this.board),
      // a reset from before the subscription was not heard (an interview's host document has its board's links)
      this.deps.store.linkGeneration(parseDocName(this.board)?.board ?? this.board),
    ]);
    this.applyLinks(generation === 'deleted' ? { type: 'deleted' } : { type: 'reset', generation });
    const { failed, interview } = await this.docs.open(this.board, stored.updates);
    this.interview = interview;
    // A compacted board is one stored update: while the doc is unchanged, that update answers
    // a client that has nothing (answerSync), with no call to the doc.
    if (failed.length === 0 && stored.updates.length === 1) this.loadedState = stored.updates[0];
    this.appendedSinceCompaction = stored.updates.length;
    this.size.bytes += stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
    this.subscription.resume(stored.cursor);
    if (this.state !== 'loading') return;
    this.state = 'open';
    for (const conn of this.connections) this.greet(conn);
  }

  add(conn: Connection): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.connections.add(conn);
    const refused = this.links.refusal(conn.linkGeneration);
    if (refused) return conn.close(refused); // its upgrade read the generation before a reset we heard of
    if (this.state === 'open') this.greet(conn);
  }

  /** Opens the handshake (our state vector, everyone's presence), then replays what the client sent while we loaded. */
  private greet(conn: Connection): void {
    this.greeting.add(conn);
    this.stateVector ??= this.docs.stateVector(this.board);
    this.stateVector.then(
      (stateVector) => {
        this.greeting.delete(conn);
        if (!conn.isOpen || this.state !== 'open') return;
        conn.send(encodeSyncStep1(stateVector));
        const others = [...this.awareness.getStates().keys()];
        if (others.length > 0) conn.send(encodeAwarenessStates(this.awareness, others));
        for (const data of conn.queued.splice(0)) this.replay(conn, data);
      },
      (e: unknown) => {
        this.greeting.delete(conn);
        this.deps.log.error({ board: this.board, err: e }, 'reading the state vector failed');
        conn.close('internal', 'state vector');
      },
    );
  }

  /** Handles a frame that was held while the room loaded or greeted its sender. */
  private replay(conn: Connection, data: Uint8Array): void {
    try {
      this.receive(conn, data);
    } catch (e) {
      if (e instanceof ProtocolError) return conn.close('badRequest', e.message);
      this.deps.log.error({ conn: conn.id, board: this.board, err: e }, 'failed to handle a message');
      conn.close('internal');
    }
  }

  /** Handles one frame. Throws ProtocolError on a malformed one; the caller closes that connection. */
  receive(conn: Connection, data: Uint8Array): void {
    if (!conn.isOpen || this.state === 'closing' || this.state === 'closed') return;
    if (this.state === 'loading' || this.greeting.has(conn)) return conn.hold(data);
    const message = decodeClientMessage(data, CHECK_INLINE_BYTES);
    switch (message.type) {
      case 'sync-step1':
        return this.answerSync(conn, message.stateVector);
      case 'update': {
        if (!can(conn.role, 'write')) {
          if (!isEmptyUpdate(message.update)) conn.send(encodePermissionDenied(READ_ONLY_REASON));
          return;
        }
        if (this.pendingBytes + message.update.byteLength > (this.deps.maxPendingBytes ?? Infinity)) {
          return conn.close('unavailable', `${this.pendingBytes} bytes held`);
        }
        if (!this.size.admits(message.update, this.pendingBytes)) {
          // Refused whole: not queued, so never stored nor relayed. What the writer sent
          // after it is dropped with its connection (it may build on the refused update).
          conn.close('boardFull', `${this.size.bytes} bytes stored, ${message.update.byteLength} more refused`);
          return this.maybeCompact();
        }
        this.deps.metrics?.updateIn();
        if (!this.editorConns.has(conn)) {
          this.editorConns.add(conn);
          this.namesOf(conn).forEach((name) => this.editorNames.add(name));
        }
        this.pendingBytes += message.update.byteLength;
        return this.accept(conn, message.update, message.checked);
      }
      case 'awareness':
        return this.presence.receive(conn, message.update);
      case 'query-awareness':
        return conn.send(encodeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()]));
    }
  }

  /** Answers a client's sync step 1 with what it lacks of the board. */
  private answerSync(conn: Connection, stateVector: Uint8Array): void {
    const hasNothing = stateVector.length === 1 && stateVector[0] === 0;
    if (hasNothing && this.loadedState) return conn.send(encodeSyncStep2Update(this.loadedState));
    this.docs.diff(this.board, stateVector).then(
      (update) => conn.send(encodeSyncStep2Update(update)),
      (e: unknown) => {
        this.deps.log.error({ board: this.board, err: e }, 'reading what a client lacks failed');
        conn.close('internal', 'sync');
      },
    );
  }

  /** The board's whole state as the room holds it (as stored): for a version, or a test. */
  wholeState(): Promise<Uint8Array> {
    return this.loadedState ? Promise.resolve(this.loadedState) : this.docs.diff(this.board, NOTHING);
  }

  /** The board's whole state and its state vector, taken at the same point. */
  async snapshot(): Promise<{ state: Uint8Array; stateVector: Uint8Array }> {
    const [state, stateVector] = await Promise.all([
      this.docs.diff(this.board, NOTHING),
      this.docs.stateVector(this.board),
    ]);
    return { state, stateVector };
  }

  /**
   * Queues a client's update to be stored. One too big to parse on the event loop is
   * checked on the doc thread first (a malformed one closes its connection with 4400), and
   * updates received behind it wait their turn: they are stored in the order received.
   */
  private accept(conn: Connection, update: Uint8Array, parsed: boolean): void {
    // On an interview board, what others send is checked against the clock the host alone sets.
    const guard =
      this.interview && !can(conn.role, 'interview') ? { board: this.board, roots: [INTERVIEW_ROOT] } : undefined;
    const by = this.interview ? this.authorOf(conn) : null;
    if (parsed && !guard && this.checking === 0) return this.enqueue(update, by);
    this.checking++;
    const check = parsed && !guard ? Promise.resolve('ok' as const) : this.docs.check(update, guard);
    this.inbound = this.inbound.then(async () => {
      const verdict = await check.catch(() => 'lost' as const); // the doc thread was lost
      this.checking--;
      if (verdict === 'ok') return this.enqueue(update, by);
      this.pendingBytes -= update.byteLength;
      if (verdict === 'guarded') {
        conn.send(encodePermissionDenied(HOST_ONLY_REASON));
        conn.close('forbidden', 'an update to the interview clock');
      } else conn.close(verdict === 'malformed' ? 'badRequest' : 'internal', 'an update that does not parse');
      this.settleWaiters();
    });
  }

  private enqueue(update: Uint8Array, by: ArchiveEntry['by']): void {
    if (this.links.deleted) return void (this.pendingBytes -= update.byteLength);
    this.pending.push(update);
    if (this.interview) this.pendingBy.push(by);
    this.scheduleFlush();
  }

  /** Who a connection speaks for, by its presence: the first name and colour it announced. */
  private authorOf(conn: Connection): ArchiveEntry['by'] {
    for (const id of conn.awarenessIds) {
      const user: unknown = (this.awareness.getStates().get(id) as { user?: unknown } | undefined)?.user;
      const { name, color } = (typeof user === 'object' && user !== null ? user : {}) as Record<string, unknown>;
      if (typeof name === 'string' && typeof color === 'string')
        return { name: name.slice(0, 64), color: color.slice(0, 16) };
    }
    return null;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.appending) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Appends everything queued in this tick as one update, then applies and broadcasts it. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    if (this.appending || this.pending.length === 0) return this.settleWaiters();
    const batch = this.takeBatch();
    // Not reduced against the doc (diffUpdate would re-encode every update on the hot
    // path): content the room already has is rare, harmless to store and gone after compaction.
    const update = batch.updates.length === 1 ? batch.updates[0]! : Y.mergeUpdates(batch.updates);
    this.pendingBytes += update.byteLength - batch.bytes; // held now: this update and what is queued behind it
    if (!isEmptyUpdate(update)) {
      this.appending = true;
      const started = performance.now();
      try {
        await this.deps.store.append(this.board, update);
        this.deps.metrics?.appendSeconds((performance.now() - started) / 1000);
        this.appendFailures = 0;
      } catch (e) {
        this.appending = false;
        this.pending.unshift(update);
        if (this.interview) this.pendingBy.unshift(batch.by);
        const delay = Math.min(5000, 50 * 2 ** this.appendFailures++);
        this.deps.log.error({ board: this.board, err: e, retryInMs: delay }, 'store append failed; holding the update');
        setTimeout(() => this.scheduleFlush(), delay).unref();
        return;
      }
      if (this.interview) await this.archive(update, batch.by);
      this.appending = false;
      this.pendingBytes -= update.byteLength;
      this.appendedSinceCompaction++;
      this.bytesSinceCompaction += update.byteLength;
      this.stored(update);
      this.relay(update, ORIGIN.stored);
      this.noteEdit();
    } else {
      this.pendingBytes -= update.byteLength;
    }
    if (this.pending.length > 0) this.scheduleFlush();
    else this.settleWaiters();
    this.maybeCompact();
  }

  /** Counts bytes the store now holds for this board. */
  private stored(update: Uint8Array): void {
    this.size.add(update);
    this.storedTotal += update.byteLength;
  }

  /**
   * The queued updates of one flush, oldest first: as many as fit in MAX_BATCH_BYTES (at
   * least one: a bigger update is stored alone, never merged). A burst of updates is then
   * merged, stored and sent a slice per tick, with other boards served in between,
   * instead of in one long step.
   */
  private takeBatch(): { updates: Uint8Array[]; bytes: number; by: ArchiveEntry['by'] } {
    let bytes = 0;
    let count = 0;
    for (const update of this.pending) {
      if (count > 0 && (this.interview || bytes + update.byteLength > MAX_BATCH_BYTES)) break;
      bytes += update.byteLength;
      count++;
    }
    const by = this.interview ? (this.pendingBy.shift() ?? null) : null;
    return { updates: this.pending.splice(0, count), bytes, by };
  }

  /**
   * Keeps an interview board's update, stored just now, in its archive, before anyone sees
   * it (so a version taken once someone saw it has its replay position). The log holds it
   * already: a failure costs the replay that one step, and is logged.
   */
  private async archive(update: Uint8Array, by: ArchiveEntry['by']): Promise<void> {
    try {
      await this.deps.store.appendArchive(this.board, [{ at: Date.now(), by, update }]);
    } catch (e) {
      this.deps.log.error({ board: this.board, err: e }, 'archiving an interview update failed; its replay skips it');
    }
  }

  private settleWaiters(): void {
    if (this.pending.length > 0 || this.appending || this.checking > 0) return;
    for (const resolve of this.flushWaiters.splice(0)) resolve();
  }

  /** Resolves once every update received so far is stored (or the room gave up on it). */
  whenFlushed(): Promise<void> {
    if (this.pending.length === 0 && !this.appending && this.checking === 0) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  /**
   * Compaction reads and rewrites the whole board, so it waits for a lull: it runs once the
   * log has grown past the threshold and no update came for COMPACTION_QUIET_MS, or at once
   * past ten times the threshold, so a board that is never quiet still gets compacted.
   */
  private maybeCompact(): void {
    const due =
      this.appendedSinceCompaction >= this.deps.compactEvery ||
      this.bytesSinceCompaction >= (this.deps.compactBytes ?? Infinity) ||
      (this.size.wantsCompaction && this.appendedSinceCompaction > 0);
    if (!due) return;
    clearTimeout(this.compactTimer);
    const overdue =
      this.appendedSinceCompaction >= 10 * this.deps.compactEvery ||
      this.bytesSinceCompaction >= 10 * (this.deps.compactBytes ?? Infinity);
    if (overdue) return void this.compact();
    this.compactTimer = setTimeout(() => void this.compact(), COMPACTION_QUIET_MS);
    this.compactTimer.unref();
  }

  private async compact(): Promise<void> {
    clearTimeout(this.compactTimer);
    if (this.links.deleted) return;
    this.appendedSinceCompaction = 0;
    this.bytesSinceCompaction = 0;
    const before = this.storedTotal;
    try {
      const left = await this.deps.store.compact(this.board);
      if (left !== undefined) this.size.compacted(left, this.storedTotal - before);
      this.deps.log.debug({ board: this.board, storedBytes: this.size.bytes }, 'board compacted');
    } catch (e) {
      this.deps.log.error({ board: this.board, err: e }, 'compaction failed; the log stays as it is');
    }
  }

  private noteEdit(): void {
    this.editedSinceVersion = true;
    const history = this.deps.history;
    if (!history || this.versionTimer) return;
    this.versionTimer = setTimeout(() => this.keepVersion('Autosave'), history.intervalMs);
    this.versionTimer.unref();
  }

  /** The names people on this connection go by (their presence), for a version's list of editors. */
  private namesOf(conn: Connection): string[] {
    const names: string[] = [];
    for (const id of conn.awarenessIds) {
      const user: unknown = (this.awareness.getStates().get(id) as { user?: unknown } | undefined)?.user;
      const name = typeof user === 'object' && user !== null ? (user as { name?: unknown }).name : undefined;
      if (typeof name === 'string' && name.trim() !== '') names.push(name.trim().slice(0, 64));
    }
    return names;
  }

  /** Who edited since the last automatic version: those still here and those who left. */
  editors(): string[] {
    return [...new Set([...this.editorNames, ...[...this.editorConns].flatMap((c) => this.namesOf(c))])];
  }

  /**
   * Keeps an automatic version when something was edited since the last one. The state is
   * asked at once, so the doc may be freed right after; the write goes on behind.
   */
  private keepVersion(name: string): void {
    clearTimeout(this.versionTimer);
    this.versionTimer = undefined;
    const history = this.deps.history;
    if (!history || !this.editedSinceVersion || this.state === 'closed' || this.links.deleted) return;
    this.editedSinceVersion = false;
    const editors = this.editors();
    this.editorConns.clear();
    this.editorNames.clear();
    // Asked now, before the doc changes further or is freed; saved behind.
    const saving = this.wholeState().then((state) =>
      history.service.save(this.board, state, { kind: 'auto', name, editors }),
    );
    this.versionSaved = Promise.all([this.versionSaved, saving]).then(
      () => undefined,
      (e: unknown) => this.deps.log.error({ board: this.board, err: e }, 'keeping an automatic version failed'),
    );
  }

  /**
   * Sends a stored update to every connection as it is, applies it to the doc, and when it
   * was stored here, publishes it for the other instances.
   */
  private relay(update: Uint8Array, origin: typeof ORIGIN.stored | typeof ORIGIN.bus): void {
    this.loadedState = undefined;
    this.stateVector = undefined;
    this.docs.apply(this.board, update);
    const frame = encodeUpdate(update);
    for (const conn of this.connections) conn.send(frame);
    this.deps.metrics?.updatesOut(this.connections.size);
    if (origin === ORIGIN.stored) this.deps.bus.publishUpdate(this.board, update);
  }

  private onAwarenessUpdate({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    if (origin !== null && typeof origin === 'object' && 'awarenessIds' in origin) {
      const conn = origin as Connection;
      added.forEach((id) => conn.awarenessIds.add(id));
      removed.forEach((id) => conn.awarenessIds.delete(id));
      // An editor's name is kept as soon as it is known: a leaving client clears its
      // presence before its socket closes.
      if (this.editorConns.has(conn)) this.namesOf(conn).forEach((name) => this.editorNames.add(name));
    }
    // Coalesced per tick: when many clients renew their presence at once, everyone gets one
    // frame with all of it instead of one frame per client.
    const first = this.awarenessChanged.size === 0;
    for (const id of changed) {
      this.awarenessChanged.add(id);
      if (origin !== ORIGIN.bus) this.awarenessLocal.add(id);
    }
    if (first) setImmediate(() => this.flushAwareness());
  }

  private flushAwareness(): void {
    const changed = [...this.awarenessChanged];
    const local = [...this.awarenessLocal];
    this.awarenessChanged.clear();
    this.awarenessLocal.clear();
    if (this.state === 'closed' || changed.length === 0) return;
    const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const conn of this.connections) conn.send(frame);
    if (local.length > 0) {
      this.deps.bus.publishAwareness(this.board, awarenessProtocol.encodeAwarenessUpdate(this.awareness, local));
    }
  }

  /**
   * The board's links were reset, here or on another instance: connections opened with an
   * older link are closed 4410. Or the board was deleted: every connection is closed 4404,
   * and what the room holds is dropped, never stored or kept as a version.
   */
  applyLinks(change: LinksChange): void {
    if (!this.links.apply(change)) return;
    if (this.links.deleted) {
      this.pending = [];
      this.pendingBy = [];
      this.pendingBytes = 0;
      clearTimeout(this.compactTimer);
      clearTimeout(this.versionTimer);
    }
    for (const conn of [...this.connections]) {
      const refused = this.links.refusal(conn.linkGeneration);
      if (refused) conn.close(refused);
    }
  }

  /** Forgets a connection and its presence. Returns true when the room is now empty. */
  remove(conn: Connection): boolean {
    if (!this.connections.delete(conn)) return this.connections.size === 0;
    if (this.editorConns.delete(conn)) this.namesOf(conn).forEach((name) => this.editorNames.add(name));
    // Only ids it still owns: one whose state timed out may be another connection's by now.
    const owned = this.presence.forget(conn);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
    if (this.connections.size > 0) return false;
    // The last person left: keep what they made, once it is stored.
    if (this.state === 'open') void this.whenFlushed().then(() => this.keepVersion('Everyone left'));
    return true;
  }

  /** Stores what is pending, compacts, closes every connection with 1001 and frees the doc. */
  async close(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') return this.closed;
    const wasOpen = this.state === 'open' && !this.links.deleted; // a deleted board's room stores nothing more
    this.state = 'closing';
    clearTimeout(this.idleTimer);
    clearTimeout(this.compactTimer);
    try {
      if (wasOpen) {
        await this.whenFlushed();
        this.keepVersion('Autosave');
        if (this.appendedSinceCompaction > 1) await this.compact();
      }
      for (const conn of [...this.connections]) conn.close('goingAway');
      await this.subscription?.close();
      await this.versionSaved;
    } finally {
      clearTimeout(this.versionTimer);
      this.awareness.destroy();
      this.presenceDoc.destroy();
      this.docs.close(this.board);
      this.state = 'closed';
      this.markClosed();
    }
  }
}
