import type { WebSocket } from 'ws';

/**
 * Frames at most this long are framed once for every socket they go to (see sendBinary);
 * a longer one (a whole board for a joiner) goes through `ws`, which writes it without a copy.
 */
export const SHARED_FRAME_MAX_BYTES = 64 * 1024;

/** What `ws` (8.x) keeps private and the fast path relies on; anything else and it is not taken. */
interface WsInternals {
  _socket?: { write(chunk: Uint8Array): boolean } | null;
  _sender?: { _state?: unknown; _queue?: unknown[] } | null;
}

/** The last frame framed, and its bytes on the wire: a broadcast sends one frame to every socket. */
let last: { data: Uint8Array; wire: Buffer } | undefined;

/**
 * Sends a binary message. A room relays each update (and each presence batch) to every
 * socket of the board: `ws` would frame it again for every socket and write the header and
 * the payload as two buffers (a writev per socket). Here a message up to
 * SHARED_FRAME_MAX_BYTES is framed once — header and payload in one buffer, kept while the
 * same message is sent on — and that buffer is written to each socket as it is. Messages
 * are never changed once sent (the rooms build each frame once), which is what makes keying
 * on the message itself sound.
 *
 * Written straight to the socket only when `ws` has nothing of its own queued for it (it
 * queues only while compressing, which is off, or reading a Blob, which we never send), so
 * frames keep their order; otherwise, or when `ws`'s internals are not what this expects,
 * `ws.send` does it. Whether the shared frame was used.
 */
export function sendBinary(ws: WebSocket, data: Uint8Array): boolean {
  const socket = data.byteLength <= SHARED_FRAME_MAX_BYTES ? idleSocket(ws) : undefined;
  if (!socket) {
    ws.send(data, { binary: true });
    return false;
  }
  if (last?.data !== data) last = { data, wire: frame(data) };
  socket.write(last.wire);
  return true;
}

function idleSocket(ws: WebSocket): WsInternals['_socket'] {
  if (ws.readyState !== ws.OPEN) return undefined;
  const { _sender: sender, _socket: socket } = ws as unknown as WsInternals;
  if (!sender || sender._state !== 0 || !Array.isArray(sender._queue) || sender._queue.length > 0) return undefined;
  return typeof socket?.write === 'function' ? socket : undefined;
}

/** A final, unmasked binary frame (RFC 6455 §5.2): FIN + opcode 2, the payload length, the payload. */
export function frame(data: Uint8Array): Buffer {
  const length = data.byteLength;
  const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(headerBytes + length);
  wire[0] = 0x82;
  if (length < 126) wire[1] = length;
  else if (length < 65536) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    wire.writeUInt32BE(length >>> 0, 6);
  }
  wire.set(data, headerBytes);
  return wire;
}
