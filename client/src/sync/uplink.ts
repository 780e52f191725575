import * as Y from 'yjs';
import * as bc from 'lib0/broadcastchannel';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { DEFAULT_LIMITS, MESSAGE, SYNC, type UploadLimits } from '@archboard/shared';
import { updateInPieces } from './updatePieces';

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
 * Sends the server this tab's document changes within the limits it sets a connection:
 * no update over MAX_UPDATE_BYTES (4413) and no more than MAX_BYTES_PER_SECOND (4429).
 * y-websocket sends each local transaction as one update the moment it happens, and
 * answers the server's sync step 1 with one step 2 of everything the server lacks. Both
 * can pass the limits — an import of several MB into an open board, a long time offline —
 * and the server then closes the socket; the same answer after every reconnect kept such
 * a tab from ever syncing again.
 *
 * Here both go through one queue per socket: an update over the limit is sent as pieces
 * (see updateInPieces), and the queue is paced at half the server's byte rate, the other
 * half left for presence. Frames queued for a socket that closed are dropped: the next
 * connection's sync step 2 carries whatever the server lacks by then. Other tabs of this
 * browser (BroadcastChannel) still get each update whole, as y-websocket sends them.
 * `limits` is read at each use: the server's, once the page knows them (serverLimits.ts).
 * Returns the undo.
 */
export function sendWithinLimits(
  provider: WebsocketProvider,
  limits: () => UploadLimits = () => DEFAULT_LIMITS,
  clock: Clock = realClock,
): () => void {
  const uplink = new Uplink(provider, limits, clock);
  const { doc } = provider;

  /**
   * The socket whose sync step 1 has been answered. Until then nothing goes out live: the
   * answer carries every change made before it. (The local copy from IndexedDB, loaded
   * after the socket opened, went out whole beside the answer: megabytes the server had.)
   */
  let answered: WebSocket | null = null;
  const handlers = provider.messageHandlers;
  const answer = handlers[MESSAGE.sync];
  if (!answer) throw new Error('y-websocket has no sync message handler');
  handlers[MESSAGE.sync] = (encoder, decoder, from, fromSocket, messageType) => {
    if (!fromSocket || decoding.peekVarUint(decoder) !== SYNC.step1)
      return answer(encoder, decoder, from, fromSocket, messageType);
    decoding.readVarUint(decoder);
    const pieces = updateInPieces(doc, decoding.readVarUint8Array(decoder), limits().maxUpdateBytes);
    // Nothing written to `encoder`: the answer goes through the queue, in order with the rest.
    pieces.forEach((piece, i) => uplink.send(syncFrame(i === 0 ? SYNC.step2 : SYNC.update, piece)));
    answered = provider.ws;
  };

  const sendLive = provider._updateHandler;
  const live = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (origin === provider) return;
    const frame = syncFrame(SYNC.update, update);
    if (provider.bcconnected) bc.publish(provider.bcChannel, frame, provider);
    if (answered === null || answered !== provider.ws) return;
    const { maxUpdateBytes } = limits();
    if (update.byteLength <= maxUpdateBytes) return uplink.send(frame);
    const pieces = updateInPieces(doc, Y.encodeStateVector(transaction.beforeState), maxUpdateBytes);
    pieces.forEach((piece) => uplink.send(syncFrame(SYNC.update, piece)));
  };
  doc.off('update', sendLive);
  doc.on('update', live);
  // y-websocket removes `_updateHandler` from the doc when it is destroyed (it types it
  // with two of the four arguments Yjs passes).
  provider._updateHandler = live as typeof sendLive;

  return () => {
    uplink.stop();
    handlers[MESSAGE.sync] = answer;
    doc.off('update', live);
    provider._updateHandler = sendLive;
    doc.on('update', sendLive);
  };
}

/**
 * The frames for the provider's current socket, in order, at most `rate` bytes a second
 * on average after a first `burst`: the server lets a connection send two seconds of its
 * byte rate at once and refills it at the rate; this takes half of each.
 */
class Uplink {
  private socket: WebSocket | null = null;
  private queue: Uint8Array<ArrayBuffer>[] = [];
  private allowance: number;
  private last: number;
  private timer: unknown;

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly limits: () => UploadLimits,
    private readonly clock: Clock,
  ) {
    this.allowance = this.burst;
    this.last = clock.now();
  }

  private get rate(): number {
    return this.limits().maxBytesPerSecond / 2;
  }

  private get burst(): number {
    return this.limits().maxBytesPerSecond;
  }

  send(frame: Uint8Array<ArrayBuffer>): void {
    if (this.provider.ws !== this.socket) {
      // A new connection: what was queued for the old one is in its sync step 2.
      this.stop();
      this.socket = this.provider.ws;
      this.queue = [];
    }
    this.queue.push(frame);
    if (this.timer === undefined) this.flush();
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const { socket } = this;
    if (!socket || this.provider.ws !== socket || socket.readyState !== OPEN) return void (this.queue = []);
    const { rate, burst } = this;
    const now = this.clock.now();
    this.allowance = Math.min(burst, this.allowance + ((now - this.last) / 1000) * rate);
    this.last = now;
    // (A frame over the burst, one struct alone, goes once the allowance is full.)
    const cost = (frame: Uint8Array) => Math.min(burst, frame.byteLength);
    while (this.queue.length > 0 && this.allowance >= cost(this.queue[0]!)) {
      const frame = this.queue.shift()!;
      this.allowance -= frame.byteLength;
      socket.send(frame);
    }
    if (this.queue.length > 0)
      this.timer = this.clock.setTimeout(() => this.flush(), ((cost(this.queue[0]!) - this.allowance) / rate) * 1000);
  }
}

function syncFrame(type: number, update: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, update);
  // lib0 builds it on a fresh ArrayBuffer, as WebSocket.send wants.
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}
