import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { DEFAULT_LIMITS, MESSAGE, SYNC } from '@archboard/shared';
import { updateInPieces } from './updatePieces';

/** What the server takes from one connection (see DEFAULT_LIMITS; the server's own may differ). */
export interface UploadLimits {
  maxUpdateBytes: number;
  maxBytesPerSecond: number;
}

export interface Clock {
  now: () => number;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (timer: unknown) => void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

const OPEN = 1; // WebSocket.OPEN, which Node has no global for

/**
 * Answers the server's sync step 1 in updates the server takes. y-websocket answers it
 * with one sync step 2 of everything the server lacks; after a long time offline (or an
 * import while offline) that is more than MAX_UPDATE_BYTES, which the server refuses
 * with 4413 — and the same answer after every reconnect kept the tab from ever syncing.
 * Here a step 2 over the limit goes as pieces (see updateInPieces): the first in the
 * answer, the rest as updates, paced under the byte rate the server allows a
 * connection (4429 past it). Pieces for a socket that has closed are dropped: the next
 * connection answers its own step 1, with what the server has by then.
 *
 * Frames from other tabs (BroadcastChannel) keep y-websocket's answer: no limit there.
 * Returns the undo.
 */
export function answerSyncInPieces(
  provider: WebsocketProvider,
  limits: UploadLimits = DEFAULT_LIMITS,
  clock: Clock = realClock,
): () => void {
  const handlers = provider.messageHandlers;
  const original = handlers[MESSAGE.sync];
  if (!original) throw new Error('y-websocket has no sync message handler');
  let stop = () => {};
  handlers[MESSAGE.sync] = (encoder, decoder, from, fromSocket, messageType) => {
    if (!fromSocket || decoding.peekVarUint(decoder) !== SYNC.step1)
      return original(encoder, decoder, from, fromSocket, messageType);
    decoding.readVarUint(decoder);
    const [first, ...rest] = updateInPieces(provider.doc, decoding.readVarUint8Array(decoder), limits.maxUpdateBytes);
    encoding.writeUint8Array(encoder, syncFrame(SYNC.step2, first!));
    stop();
    if (rest.length > 0) stop = sendPaced(provider, rest, first!.byteLength, limits, clock);
  };
  return () => {
    stop();
    handlers[MESSAGE.sync] = original;
  };
}

/**
 * Sends `pieces` as updates on the provider's current socket, after the answer y-websocket
 * sends when the handler returns (`sent` bytes of it): at most half the server's byte
 * rate on average, leaving the rest of its allowance to the person's own edits meanwhile.
 */
function sendPaced(
  provider: WebsocketProvider,
  pieces: Uint8Array[],
  sent: number,
  limits: UploadLimits,
  clock: Clock,
): () => void {
  const socket = provider.ws;
  const rate = limits.maxBytesPerSecond / 2;
  // The server lets a connection send two seconds of its rate at once; take half of that.
  const burst = limits.maxBytesPerSecond;
  let allowance = burst - sent;
  let last = clock.now();
  let next = 0;
  let timer: unknown;
  const send = () => {
    if (!socket || provider.ws !== socket || socket.readyState !== OPEN) return;
    const now = clock.now();
    allowance = Math.min(burst, allowance + ((now - last) / 1000) * rate);
    last = now;
    // (A piece over the burst, one struct alone, goes once the allowance is full.)
    while (next < pieces.length && allowance >= Math.min(burst, pieces[next]!.byteLength)) {
      const piece = pieces[next++]!;
      allowance -= piece.byteLength;
      socket.send(syncFrame(SYNC.update, piece));
    }
    if (next < pieces.length)
      timer = clock.setTimeout(send, ((Math.min(burst, pieces[next]!.byteLength) - allowance) / rate) * 1000);
  };
  // Not now: y-websocket sends the first piece once the handler returns.
  timer = clock.setTimeout(send, 0);
  return () => clock.clearTimeout(timer);
}

function syncFrame(type: number, update: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, update);
  // lib0 builds it on a fresh ArrayBuffer, as WebSocket.send wants.
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}
