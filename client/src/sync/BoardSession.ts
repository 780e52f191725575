import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import type * as decoding from 'lib0/decoding';
import { encodeQueryParams } from 'lib0/url';
import {
  boardMaps,
  can,
  FINAL_CLOSE_CODES,
  ID_TOKEN_PARAM,
  initBoard,
  migrateBoard,
  MESSAGE,
  peekClaims,
  type BoardId,
  type Role,
} from '@archboard/shared';
import { signedIn } from '../auth/signIn';
import type { LocalUser } from '../presence/localUser';
import { PeersStore } from '../presence/PeersStore';
import type { PresenceState } from '../presence/presenceState';
import { askUploadLimits, uploadLimits } from './serverLimits';
import { sendWithinLimits } from './uplink';
import { applyEarlyBoard, WebSocketTakingEarly } from './earlySocket';
import { startAutoRepair } from './autoRepair';
import { sendOwnPresenceOnly } from './ownPresence';
import { whenIdle } from '../idle';
import { BoardStore } from './BoardStore';
import { ConnectionStore } from './ConnectionStore';
import { createOrigins, isClientOrigin, type ClientOrigin, type ClientOrigins } from './origins';

/**
 * The WebSocket URL's parameters: the link's token, and this tab's sign-in beside it when
 * signed in (an organisation-only board needs both; the signed-in creator is the owner).
 * The host's private document (interview/host/HostNotesSession.ts) connects with the same.
 */
export const socketParams = (token: string): Record<string, string> => {
  const user = signedIn();
  return user ? { token, [ID_TOKEN_PARAM]: user.token } : { token };
};

/** The URL y-websocket's provider opens for `room` (server URL / room ? params), known before it exists. */
export const providerUrl = (serverUrl: string, room: string, params: Record<string, string>): string =>
  `${serverUrl}/${room}?${encodeQueryParams(params)}`;

/** The origin of the board as index.html's socket received it (earlySocket.ts). */
const EARLY_ORIGIN = 'early-socket';

/** Edits of one tab closer together than this are one undo step (typing a word, say). */
export const CAPTURE_TIMEOUT_MS = 400;

export interface BoardSessionOptions {
  boardId: BoardId;
  token: string;
  role: Role;
  user: LocalUser;
  /** Title written into the board's meta if this tab is the first to open it. */
  initialTitle: string;
}

/**
 * Everything one open board needs, wired once: the Y.Doc (the only truth), the
 * WebSocket provider, the IndexedDB copy, the undo manager over this tab's own edits,
 * and the stores React reads. React never creates or holds any of this in state beyond
 * the session object itself.
 */
export class BoardSession {
  readonly boardId: BoardId;
  readonly token: string;
  readonly role: Role;
  readonly readOnly: boolean;
  readonly doc = new Y.Doc();
  readonly origins: ClientOrigins = createOrigins();
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  readonly undoManager: Y.UndoManager;
  readonly board: BoardStore;
  readonly connection: ConnectionStore;
  readonly peers: PeersStore;
  private readonly cleanups: (() => void)[] = [];
  private readonly connectTimer: ReturnType<typeof setTimeout>;

  constructor(options: BoardSessionOptions) {
    this.boardId = options.boardId;
    this.token = options.token;
    this.role = options.role;
    this.readOnly = !can(options.role, 'write');
    const { doc } = this;

    const serverUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const params = socketParams(options.token);
    // The board index.html's socket already holds goes in first, before anything observes the
    // document.
    const hadBoard = applyEarlyBoard(providerUrl(serverUrl, options.boardId, params), doc, EARLY_ORIGIN);
    this.persistence = new IndexeddbPersistence(`archboard:${options.boardId}`, doc);
    this.provider = new WebsocketProvider(serverUrl, options.boardId, doc, {
      params,
      connect: false,
      // Only the codes in FINAL_CLOSE_CODES stop reconnecting; 4429 and 4408 are retried.
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.includes(event.code),
      // Other tabs of this browser relay over BroadcastChannel; a view-only tab must not
      // hand its (refused) writes to an editing tab that would forward them.
      // With the board already here, joining the channel (which sends other tabs this tab's
      // whole state) waits until the page is idle, not before its first render.
      disableBc: this.readOnly || hadBoard,
      // The socket index.html opened for this board, if it is this one (earlySocket.ts).
      WebSocketPolyfill: WebSocketTakingEarly,
    });
    this.cleanups.push(sendOwnPresenceOnly(this.provider));
    // Before anything else wraps the sync handler: they see the server's frames as they come.
    this.cleanups.push(sendWithinLimits(this.provider, uploadLimits));
    // The server's limits, asked now and on every connection until it answers (serverLimits.ts).
    void askUploadLimits();
    const onStatus = ({ status }: { status: string }) => void (status === 'connected' && askUploadLimits());
    this.provider.on('status', onStatus);
    this.cleanups.push(() => this.provider.off('status', onStatus));
    // Each reconnect carries the sign-in as it is then: renewed, or gone once expired.
    const onConnectionClose = () => (this.provider.params = socketParams(options.token));
    this.provider.on('connection-close', onConnectionClose);
    this.cleanups.push(() => this.provider.off('connection-close', onConnectionClose));
    this.provider.messageHandlers[MESSAGE.auth] = (_encoder, decoder: decoding.Decoder) =>
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => this.connection.denied(reason));

    this.board = new BoardStore(doc, isClientOrigin);
    const exp = peekClaims(options.token)?.exp;
    this.connection = new ConnectionStore(this.provider, this.persistence, exp === undefined ? undefined : exp * 1000);
    const { nodes, edges, meta, requirements, review } = boardMaps(doc);
    this.undoManager = new Y.UndoManager([nodes, edges, meta, requirements, review], {
      trackedOrigins: new Set<unknown>([this.origins.local]),
      captureTimeout: CAPTURE_TIMEOUT_MS,
    });

    this.peers = new PeersStore(this.awareness);
    this.awareness.setLocalState({ user: options.user, cursor: null, selection: [] } satisfies PresenceState);
    const leave = () => this.awareness.setLocalState(null);
    window.addEventListener('pagehide', leave);
    this.cleanups.push(() => window.removeEventListener('pagehide', leave));

    if (!this.readOnly) {
      const repair = startAutoRepair(doc, this.board, this.origins.repair, () => this.provider.synced);
      this.cleanups.push(repair.stop);
      const onSync = (synced: boolean) => {
        if (!synced) return;
        initBoard(doc, options.initialTitle, Date.now(), this.origins.init);
        // A board saved by an older version is brought up to date by the first editor to open it.
        migrateBoard(doc, this.origins.init);
        queueMicrotask(repair.check);
      };
      this.provider.on('sync', onSync);
      this.cleanups.push(() => this.provider.off('sync', onSync));
    }

    if (hadBoard && !this.readOnly) {
      const joinChannel = () => {
        this.provider.disableBc = false;
        if (this.provider.shouldConnect) this.provider.connectBc();
      };
      this.cleanups.push(whenIdle(joinChannel));
    }

    // The socket opens on the next tick, not here: React's strict mode opens and closes a
    // session at once in development, and a socket closed while connecting is only noise.
    this.connectTimer = setTimeout(() => this.provider.connect(), 0);
  }

  /**
   * A gesture (a drag, a resize) is one undo step from pointer down to pointer up,
   * however long it pauses: call at its start and at its end.
   */
  beginGesture(): void {
    this.undoManager.stopCapturing();
    this.undoManager.captureTimeout = Number.MAX_SAFE_INTEGER;
  }

  endGesture(): void {
    this.undoManager.captureTimeout = CAPTURE_TIMEOUT_MS;
    this.undoManager.stopCapturing();
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  /** The origin of every gesture of this tab's user. */
  get origin(): ClientOrigin {
    return this.origins.local;
  }

  destroy(): void {
    clearTimeout(this.connectTimer);
    this.cleanups.forEach((cleanup) => cleanup());
    this.awareness.setLocalState(null);
    this.peers.destroy();
    this.connection.destroy();
    this.board.destroy();
    this.undoManager.destroy();
    this.provider.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}
