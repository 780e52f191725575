import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Connection } from './Connection';
import { ProtocolError } from './messages';
import { ORIGIN } from './origins';

/** What one connection may publish as presence (see config.ts: MAX_PRESENCE_*). */
export interface PresenceLimits {
  /** One state's JSON, in bytes; a larger state is dropped. */
  maxStateBytes: number;
  /** Entries that would change presence in one awareness message; more: the message is dropped, 4406. */
  maxIdsPerMessage: number;
  /** Awareness messages that change presence, per second; more are dropped (the last one is applied at the end of the second), ten times more is a flood: 4429. */
  maxMessagesPerSecond: number;
}

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = {
  maxStateBytes: 8192,
  maxIdsPerMessage: 4,
  maxMessagesPerSecond: 40,
};

/** Entries for ids that belong to someone else a connection may send in FOREIGN_WINDOW_MS before it is closed with 4406. */
export const FOREIGN_ENTRIES_ALLOWED = 10;
const FOREIGN_WINDOW_MS = 60_000;
/** A connection sending this many times its presence rate within one second is flooding: 4429. */
export const FLOOD_FACTOR = 10;

/** One entry of an awareness update, its state left as the JSON bytes it came in. */
interface Entry {
  id: number;
  clock: number;
  json: Uint8Array;
  isNull: boolean;
}

/** Who speaks for a client id: a connection here, or another instance (trusted: it checked its own). */
interface Claim {
  owner: Connection | 'remote';
  /** When (in the guard's sequence of events) the owner last sent an entry for it. */
  spokeAt: number;
}

interface Peer {
  /** The one id this connection speaks for: the first it announced. */
  own: number | undefined;
  sentAny: boolean;
  /** Since when (in the guard's sequence) it has tried to speak for its own id while another held it. */
  contestedAt: number | undefined;
  windowStart: number;
  windowCount: number;
  /** The latest message dropped by the rate limit, applied when its second ends. */
  deferred: Uint8Array | undefined;
  timer: NodeJS.Timeout | undefined;
  foreign: number;
  foreignSince: number;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** A removal: the JSON `null` (y-protocols parses it, so whitespace around it counts too). */
const isNullJson = (json: Uint8Array): boolean => json.length < 16 && new TextDecoder().decode(json).trim() === 'null';

/** Reads an awareness update's entries without parsing their JSON. Throws on bad framing. */
export function readAwarenessEntries(update: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarUint8Array(decoder); // a varString is these bytes
    entries.push({ id, clock, json, isNull: isNullJson(json) });
  }
  return entries;
}

function encodeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { id, clock, json } of entries) {
    encoding.writeVarUint(encoder, id);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Presence that cannot be forged. The rule: a connection speaks for one awareness client
 * id, the first it announces (an unmodified y-websocket provider announces its own in its
 * first awareness message), and that id is its own until it closes. Entries for any other
 * id are never applied nor relayed. Presence from other instances comes over the bus and
 * is trusted: they keep the same rule for their connections.
 *
 * What is dropped and what closes:
 * - Echoes: the y-websocket provider sends back every awareness update it receives, so
 *   entries that would not change anything (a clock not newer than ours) are ignored
 *   silently and count towards nothing.
 * - An entry that would change another connection's (or instance's) id is dropped; more
 *   than FOREIGN_ENTRIES_ALLOWED in a minute close the connection with 4406. A connection
 *   whose own id is held by another (a client reconnecting before its old socket is seen
 *   to close) is not counted unless that other one speaks meanwhile: the old socket is
 *   dead, and when its state times out (30 s) the id passes to the new connection.
 * - An entry for an id nobody holds that is not the connection's own (a made-up user, or
 *   another tab of the same browser relayed through its BroadcastChannel before that tab
 *   announced itself) is dropped.
 * - A state larger than maxStateBytes is dropped; the previous one stays.
 * - More than maxIdsPerMessage changing entries in one message: dropped, 4406 (no client
 *   sends that: the provider's messages change its own id and, rarely, a few tabs').
 * - More than maxMessagesPerSecond changing messages: the extra ones are dropped and the
 *   last of them is applied when the second ends, so a cursor still lands where it
 *   stopped; FLOOD_FACTOR times the rate within one second closes with 4429.
 */
export class PresenceGuard {
  private readonly claims = new Map<number, Claim>();
  private readonly peers = new Map<Connection, Peer>();
  /** Orders what happens here exactly (two events within a millisecond included). */
  private seq = 0;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly limits: PresenceLimits = DEFAULT_PRESENCE_LIMITS,
    private readonly now: () => number = () => Date.now(),
  ) {
    awareness.on('update', (change: AwarenessChange, origin: unknown) => this.observe(change, origin));
    awareness.on('destroy', () => this.destroy());
  }

  /** Handles one awareness message of `conn`. Throws ProtocolError when it is malformed. */
  receive(conn: Connection, update: Uint8Array): void {
    if (!conn.isOpen) return;
    let entries: Entry[];
    try {
      entries = readAwarenessEntries(update);
    } catch (e) {
      throw new ProtocolError(`malformed awareness update: ${e instanceof Error ? e.message : String(e)}`);
    }
    const peer = this.peerOf(conn);
    const first = !peer.sentAny;
    peer.sentAny = true;
    const changing = entries.filter((e) => this.wouldChange(e));
    if (peer.own === undefined) {
      // The provider's first message is its own state, however old its clock; after it,
      // only a changing entry can announce an id (an echo is someone else's).
      peer.own = (first ? entries : changing).find((e) => !e.isNull)?.id;
    }
    if (changing.length === 0) return;
    if (changing.length > this.limits.maxIdsPerMessage) {
      return conn.close('presenceSpoofing', `${changing.length} client ids in one awareness message`);
    }
    const now = this.now();
    if (now - peer.windowStart >= 1000) {
      peer.windowStart = now;
      peer.windowCount = 0;
    }
    if (++peer.windowCount > this.limits.maxMessagesPerSecond) {
      if (peer.windowCount > this.limits.maxMessagesPerSecond * FLOOD_FACTOR)
        return conn.close('tooMany', 'presence flood');
      return this.defer(conn, peer, update);
    }
    this.apply(conn, peer, changing);
  }

  /** Ids `conn` still speaks for, forgotten now: the room removes their presence. */
  forget(conn: Connection): number[] {
    const peer = this.peers.get(conn);
    if (!peer) return [];
    clearTimeout(peer.timer);
    this.peers.delete(conn);
    const own = peer.own;
    if (own === undefined || this.claims.get(own)?.owner !== conn) return [];
    this.claims.delete(own);
    return [own];
  }

  /** Who speaks for `id` here: a connection, `remote` (another instance), or nobody. */
  ownerOf(id: number): Connection | 'remote' | undefined {
    return this.claims.get(id)?.owner;
  }

  destroy(): void {
    for (const peer of this.peers.values()) clearTimeout(peer.timer);
    this.peers.clear();
    this.claims.clear();
  }

  private apply(conn: Connection, peer: Peer, changing: Entry[]): void {
    const accepted: Entry[] = [];
    let foreign = 0;
    for (const entry of changing) {
      const claim = this.claims.get(entry.id);
      if (entry.id === peer.own && entry.id !== this.awareness.clientID) {
        if (claim === undefined || claim.owner === conn) {
          if (claim) claim.spokeAt = ++this.seq;
          else if (!entry.isNull) this.claim(conn, peer, entry.id);
          else continue; // removing a state it never had
          if (entry.json.byteLength <= this.limits.maxStateBytes) accepted.push(entry);
          continue;
        }
        peer.contestedAt ??= ++this.seq;
        if (claim.spokeAt > peer.contestedAt) foreign++; // the holder is alive: this is not its reconnect
      } else if (claim !== undefined) {
        foreign++;
      }
    }
    if (foreign > 0 && this.strike(conn, peer, foreign)) return;
    if (accepted.length === 0) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(accepted), conn);
    } catch (e) {
      throw new ProtocolError(`malformed awareness update: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (peer.own !== undefined) conn.awarenessIds.add(peer.own);
  }

  private claim(conn: Connection, peer: Peer, id: number): void {
    this.claims.set(id, { owner: conn, spokeAt: ++this.seq });
    peer.contestedAt = undefined;
    conn.awarenessIds.add(id);
  }

  /** Counts entries for others' ids; closes with 4406 past the allowance. Returns true when it closed. */
  private strike(conn: Connection, peer: Peer, count: number): boolean {
    const now = this.now();
    if (now - peer.foreignSince >= FOREIGN_WINDOW_MS) {
      peer.foreignSince = now;
      peer.foreign = 0;
    }
    peer.foreign += count;
    if (peer.foreign <= FOREIGN_ENTRIES_ALLOWED) return false;
    conn.close('presenceSpoofing', `${peer.foreign} awareness entries for other clients' ids`);
    return true;
  }

  /** Keeps the latest rate-limited message and applies it when the connection's second ends. */
  private defer(conn: Connection, peer: Peer, update: Uint8Array): void {
    peer.deferred = update;
    if (peer.timer) return;
    peer.timer = setTimeout(
      () => {
        peer.timer = undefined;
        const deferred = peer.deferred;
        peer.deferred = undefined;
        if (!deferred || !conn.isOpen || this.peers.get(conn) !== peer) return;
        try {
          this.receive(conn, deferred);
        } catch (e) {
          if (e instanceof ProtocolError) return conn.close('badRequest', e.message);
          conn.log.error({ conn: conn.id, board: conn.board, err: e }, 'failed to apply deferred presence');
          conn.close('internal');
        }
      },
      Math.max(0, peer.windowStart + 1000 - this.now()),
    );
    peer.timer.unref();
  }

  /** Mirrors y-protocols' rule for whether an entry changes anything. */
  private wouldChange({ id, clock, isNull }: Entry): boolean {
    const current = this.awareness.meta.get(id)?.clock ?? 0;
    return current < clock || (current === clock && isNull && this.awareness.states.has(id));
  }

  /** Keeps claims in step with presence that changed without a connection of ours. */
  private observe({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    if (this.peers.has(origin as Connection)) return; // applied by receive(), which claimed first
    if (origin === ORIGIN.bus) {
      for (const id of [...added, ...updated]) {
        const claim = this.claims.get(id);
        if (!claim) this.claims.set(id, { owner: 'remote', spokeAt: ++this.seq });
        else if (claim.owner === 'remote') claim.spokeAt = ++this.seq;
      }
    }
    // Gone: removed on another instance, lost with it, or timed out here (its owner stopped
    // renewing it for 30 s, so it is dead, and its client may come back on a new connection).
    for (const id of removed) {
      const claim = this.claims.get(id);
      if (!claim || (origin === ORIGIN.bus && claim.owner !== 'remote')) continue;
      this.claims.delete(id);
      if (claim.owner !== 'remote') claim.owner.awarenessIds.delete(id);
    }
  }

  private peerOf(conn: Connection): Peer {
    let peer = this.peers.get(conn);
    if (!peer) {
      peer = {
        own: undefined,
        sentAny: false,
        contestedAt: undefined,
        windowStart: 0,
        windowCount: 0,
        deferred: undefined,
        timer: undefined,
        foreign: 0,
        foreignSince: 0,
      };
      this.peers.set(conn, peer);
    }
    return peer;
  }
}
