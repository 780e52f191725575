import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { can, parseDocName, READ_ONLY_REASON, type BoardId } from '@archboard/shared';
import type { Bus, BusSubscription, LinksChange } from '../bus/Bus';
import type { HistoryService } from '../history/HistoryService';
import type { Store } from '../store/Store';
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
import { authorOf, namesOf } from './people';
import { hasNothing, LocalDocs, type RoomDocs } from './RoomDocs';
import { RoomVersions } from './RoomVersions';
import { CHECK_INLINE_BYTES, RoomWriter } from './RoomWriter';

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

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** A state vector that names nothing: the client has nothing of the board. */
const NOTHING = new Uint8Array([0]);

/**
 * Presence goes out at most this often per board: the first change after a quiet spell at
 * once (the end of the tick, with whatever else came in it), later ones gathered until this
 * long after the last send. In a room of 500 people moving their cursors, each person then
 * gets at most 20 presence frames a second, not one per cursor move of everyone else.
 */
export const PRESENCE_FLUSH_MS = 50;

/** How long the whole board, encoded for joiners that have nothing, is kept while it does not change. */
const WHOLE_FRAME_KEEP_MS = 10_000;

/**
 * One open board on this instance: its connections, awareness, and its doc (held in
 * RoomDocs, off the event loop).
 *
 * The update path (RoomWriter) keeps one rule: no one sees an edit, and no sender gets its
 * echo, before the store holds it. Client updates are queued, merged per tick, appended,
 * and only then relayed, as stored, to every connection (the sender included), published
 * on the bus and applied to the doc. So the doc holds exactly what is stored, and a joining
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
  /**
   * Connections waiting for the room's state vector to open their handshake. Their frames
   * are held, and so are the updates relayed to them meanwhile: sent before their sync
   * step 1, whose state vector was read before those updates, the client would answer the
   * step 1 with them — stored again and relayed to everyone again.
   */
  private readonly greeting = new Map<Connection, Uint8Array[]>();
  readonly connections = new Set<Connection>();
  state: 'loading' | 'open' | 'closing' | 'closed' = 'loading';
  readonly closed: Promise<void>;
  private markClosed!: () => void;
  /** The stored update the doc was loaded from, while the doc is unchanged since (see answerSync). */
  private loadedState: Uint8Array | undefined;
  /**
   * The answer to a joiner that has nothing (the whole board as a sync step 2), built once
   * for every such joiner until the board changes and kept WHOLE_FRAME_KEEP_MS: in a join
   * storm, 100 people opening a 4 MB board get one encoding and one copy, not 100.
   */
  private wholeFrame: Promise<Uint8Array> | undefined;
  /** The board's stored size, against its cap. */
  readonly size: BoardSize;
  /** The update path, from a client to the store (see RoomWriter). */
  private readonly writer: RoomWriter;
  /** The automatic versions. */
  private readonly versions: RoomVersions;
  private subscription: BusSubscription | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  /** Awareness client ids changed this tick, and those of them that changed here rather than on the bus. */
  private readonly awarenessChanged = new Set<number>();
  private readonly awarenessLocal = new Set<number>();
  private awarenessSentAt = -Infinity;
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
    this.writer = new RoomWriter(board, deps, {
      docs: this.docs,
      size: this.size,
      stored: (update) => {
        this.relay(update, ORIGIN.stored);
        this.versions.noteEdit(() => this.wholeState());
      },
      deleted: () => this.links.deleted,
      authorOf: (conn) => authorOf(this.awareness, conn),
    });
    this.versions = new RoomVersions(board, deps.history, (conn) => namesOf(this.awareness, conn), deps.log);
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwarenessUpdate(change, origin));
  }

  /** Subscribes to the bus first and then reads the store, so no update falls between. */
  async load(): Promise<void> {
    this.subscription = await this.deps.bus.subscribe(this.board, {
      update: (update) => (this.writer.counted(update), this.relay(update, ORIGIN.bus)),
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
    this.writer.interview = interview;
    // A compacted board is one stored update: while the doc is unchanged, that update answers
    // a client that has nothing (answerSync), with no call to the doc.
    if (failed.length === 0 && stored.updates.length === 1) this.loadedState = stored.updates[0];
    this.writer.loaded(stored.updates);
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
    this.greeting.set(conn, []);
    this.stateVector ??= this.docs.stateVector(this.board);
    this.stateVector.then(
      (stateVector) => {
        const relayed = this.greeting.get(conn) ?? [];
        this.greeting.delete(conn);
        if (!conn.isOpen || this.state !== 'open') return;
        conn.send(encodeSyncStep1(stateVector));
        const others = [...this.awareness.getStates().keys()];
        if (others.length > 0) conn.send(encodeAwarenessStates(this.awareness, others));
        for (const frame of relayed) conn.send(frame);
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
        if (this.writer.take(conn, message.update, message.checked)) this.versions.editedBy(conn);
        return;
      }
      case 'awareness':
        return this.presence.receive(conn, message.update);
      case 'query-awareness':
        return conn.send(encodeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()]));
    }
  }

  /** Answers a client's sync step 1 with what it lacks of the board. */
  private answerSync(conn: Connection, stateVector: Uint8Array): void {
    const answer = hasNothing(stateVector)
      ? (this.wholeFrame ??= this.encodeWhole())
      : this.docs.diff(this.board, stateVector).then(encodeSyncStep2Update);
    answer.then(
      (frame) => conn.send(frame),
      (e: unknown) => {
        this.deps.log.error({ board: this.board, err: e }, 'reading what a client lacks failed');
        conn.close('internal', 'sync');
      },
    );
  }

  private encodeWhole(): Promise<Uint8Array> {
    const frame = this.wholeState().then(encodeSyncStep2Update);
    const forget = () => {
      if (this.wholeFrame === frame) this.wholeFrame = undefined;
    };
    frame.catch(forget);
    setTimeout(forget, WHOLE_FRAME_KEEP_MS).unref();
    return frame;
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

  /** Resolves once every update received so far is stored (or the room gave up on it). */
  whenFlushed(): Promise<void> {
    return this.writer.whenFlushed();
  }

  /** Who edited since the last automatic version: those still here and those who left. */
  editors(): string[] {
    return this.versions.editors();
  }

  /** Keeps an automatic version (see RoomVersions), unless the room closed or the board is gone. */
  private keepVersion(name: string): void {
    if (this.state === 'closed' || this.links.deleted) return this.versions.stop();
    this.versions.keep(name, () => this.wholeState());
  }

  /**
   * Sends a stored update to every connection as it is, applies it to the doc, and when it
   * was stored here, publishes it for the other instances.
   */
  private relay(update: Uint8Array, origin: typeof ORIGIN.stored | typeof ORIGIN.bus): void {
    this.loadedState = undefined;
    this.wholeFrame = undefined;
    this.stateVector = undefined;
    this.docs.apply(this.board, update);
    const frame = encodeUpdate(update);
    for (const conn of this.connections) {
      const held = this.greeting.size > 0 ? this.greeting.get(conn) : undefined;
      if (held) held.push(frame);
      else conn.send(frame);
    }
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
      this.versions.remember(conn);
    }
    // Coalesced (see PRESENCE_FLUSH_MS): when many clients renew their presence at once,
    // everyone gets one frame with all of it instead of one frame per client.
    const first = this.awarenessChanged.size === 0;
    for (const id of changed) {
      this.awarenessChanged.add(id);
      if (origin !== ORIGIN.bus) this.awarenessLocal.add(id);
    }
    if (!first) return;
    const wait = this.awarenessSentAt + PRESENCE_FLUSH_MS - performance.now();
    if (wait <= 0) setImmediate(() => this.flushAwareness());
    else setTimeout(() => this.flushAwareness(), wait).unref();
  }

  private flushAwareness(): void {
    this.awarenessSentAt = performance.now();
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
      this.writer.drop();
      this.versions.stop();
    }
    for (const conn of [...this.connections]) {
      const refused = this.links.refusal(conn.linkGeneration);
      if (refused) conn.close(refused);
    }
  }

  /** Forgets a connection and its presence. Returns true when the room is now empty. */
  remove(conn: Connection): boolean {
    if (!this.connections.delete(conn)) return this.connections.size === 0;
    this.versions.left(conn);
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
    this.writer.stopTimers();
    try {
      if (wasOpen) {
        await this.whenFlushed();
        this.keepVersion('Autosave');
        await this.writer.compactBeforeClosing();
      }
      for (const conn of [...this.connections]) conn.close('goingAway');
      await this.subscription?.close();
      await this.versions.settled();
    } finally {
      this.versions.stop();
      this.awareness.destroy();
      this.presenceDoc.destroy();
      this.docs.close(this.board);
      this.state = 'closed';
      this.markClosed();
    }
  }
}
