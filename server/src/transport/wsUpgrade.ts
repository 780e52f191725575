import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
  can,
  CLOSE,
  hostDocName,
  ID_TOKEN_PARAM,
  parseDocName,
  WS_PATH_PREFIX,
  type BoardId,
  type CloseName,
} from '@archboard/shared';
import type { BoardTokens } from '../auth/BoardTokens';
import { Connection, type ConnectionLimits } from '../rooms/Connection';
import { ProtocolError } from '../rooms/messages';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import { clientAddress, type TrustProxy } from './clientAddress';
import type { SocketLike } from './SocketLike';
import { sendBinary } from './wsFrames';
import { refuseUpgrade, type UpgradeGate } from './UpgradeGate';

export interface UpgradeDeps {
  tokens: BoardTokens;
  registry: RoomRegistry;
  limits: ConnectionLimits;
  log: Logger;
  /** Origin and per-address checks, answered with HTTP 403 or 429 before the upgrade. */
  gate?: UpgradeGate;
  /** Proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES); the same function fastify gets. */
  trustProxy?: TrustProxy;
}

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : new Uint8Array(data as ArrayBuffer);

function socketLike(ws: WebSocket): SocketLike {
  return {
    send: (data) => sendBinary(ws, data),
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    get isOpen() {
      return ws.readyState === WebSocket.OPEN;
    },
  };
}

/**
 * The WebSocket adapter: authorises each upgrade of `/ws/<board>?token=…` before
 * anything is allocated for it, then turns frames into room calls, each in its own
 * try/catch so that a bad frame closes only its own connection.
 */
export function createUpgradeHandler(deps: UpgradeDeps) {
  // Frames above the configured maximum are refused by the room with 4413; ws itself
  // refuses (1009) only what is far beyond it, so such frames are never buffered whole.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.limits.maxMessageBytes * 4,
    perMessageDeflate: false,
  });

  const refuse = (req: IncomingMessage, socket: Duplex, head: Buffer, name: CloseName) =>
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(CLOSE[name].code, CLOSE[name].reason));

  const handle = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(WS_PATH_PREFIX)) return void socket.destroy();
    const address = clientAddress(req, deps.trustProxy);
    const gated = deps.gate?.admit(req, socket, address);
    if (gated && !gated.ok) {
      deps.log.info(
        { status: gated.status, address, origin: req.headers.origin, detail: gated.reason },
        'refused an upgrade',
      );
      return refuseUpgrade(socket, gated.status, gated.reason);
    }
    const name = parseDocName(decodeURIComponent(url.pathname.slice(WS_PATH_PREFIX.length)));
    if (!name) return refuse(req, socket, head, 'badRequest');
    const { board } = name;
    // `idToken`: a sign-in beside the link, for organisation-only boards and owners by sign-in (auth/BoardSignIn.ts).
    const verdict = await deps.tokens.verify(
      url.searchParams.get('token'),
      board,
      url.searchParams.get(ID_TOKEN_PARAM),
    );
    if (!verdict.ok) {
      deps.log.info(
        { board, address, code: CLOSE[verdict.close].code, detail: verdict.detail },
        'refused a connection',
      );
      return refuse(req, socket, head, verdict.close);
    }
    // An interview's private document (`<board>~host`) opens for its host alone.
    if (name.part === 'host' && !can(verdict.role, 'interview')) {
      deps.log.info({ board, address, role: verdict.role }, 'refused the host document to another role');
      return refuse(req, socket, head, 'forbidden');
    }
    // The room's key: the board, or its host document (a room of its own, stored under that name).
    const doc = (name.part === 'host' ? hostDocName(board) : board) as BoardId;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Connection(socketLike(ws), doc, verdict.role, deps.limits, deps.log);
      conn.linkGeneration = verdict.generation;
      conn.address = address;
      if (verdict.expiresAt !== undefined) conn.expireAt(verdict.expiresAt * 1000);
      ws.on('message', (data) => {
        const bytes = toBytes(data);
        if (!conn.admit(bytes)) return;
        try {
          // `room` is set in the same tick as the join; until then frames wait in the connection.
          if (room) room.receive(conn, bytes);
          else conn.hold(bytes);
        } catch (e) {
          if (e instanceof ProtocolError) conn.close('badRequest', e.message);
          else {
            deps.log.error({ conn: conn.id, board, err: e }, 'failed to handle a message');
            conn.close('internal');
          }
        }
      });
      ws.on('close', () => conn.closedByPeer());
      ws.on('error', (err) => deps.log.warn({ conn: conn.id, board, err: err.message }, 'socket error'));
      let room: Awaited<ReturnType<RoomRegistry['join']>>;
      deps.registry.join(conn).then(
        (joined) => (room = joined),
        (e: unknown) => {
          deps.log.error({ conn: conn.id, board, err: e }, 'failed to join the room');
          conn.close('internal');
        },
      );
    });
  };

  return {
    onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', () => socket.destroy());
      handle(req, socket, head).catch((e: unknown) => {
        deps.log.error({ err: e }, 'upgrade failed');
        socket.destroy();
      });
    },
    close(): void {
      wss.close();
    },
  };
}
