import type { Logger } from 'pino';
import { CLOSE, type BoardId, type CloseName, type Role } from '@archboard/shared';
import type { SocketLike } from '../transport/SocketLike';
import { ByteRate, updatePayloadBytes } from './inboundLimits';
import { runAt } from './runAt';

export interface ConnectionLimits {
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
  maxQueuedBeforeLoad: number;
  sendHighWaterBytes: number;
  /** The largest document update one frame may carry (4413); unset: only maxMessageBytes applies. */
  maxUpdateBytes?: number;
  /** Bytes per second the connection may send, averaged over a few seconds (4429); unset: no byte rate. */
  maxBytesPerSecond?: number;
}

let nextId = 1;

/**
 * One client socket on one board: its role, its rate and queue limits, the awareness
 * client ids it controls. Whatever goes wrong with it closes it alone, with a code.
 */
export class Connection {
  readonly id = `c${nextId++}`;
  /** Awareness client ids this connection has announced, removed when it leaves. */
  readonly awarenessIds = new Set<number>();
  /** Frames that arrived before the room finished loading, in order (bounded). */
  readonly queued: Uint8Array[] = [];
  private windowStart = 0;
  private windowCount = 0;
  private readonly byteRate: ByteRate | undefined;
  private closed = false;
  private cancelExpiry: (() => void) | undefined;
  onClose: () => void = () => {};
  /** The link generation of the token this connection was opened with (see auth/BoardTokens). */
  linkGeneration = 0;
  /** The client's address (behind a trusted proxy, the one it forwarded), for the log. */
  address: string | undefined;

  constructor(
    readonly socket: SocketLike,
    readonly board: BoardId,
    readonly role: Role,
    private readonly limits: ConnectionLimits,
    readonly log: Logger,
  ) {
    if (limits.maxBytesPerSecond !== undefined) this.byteRate = new ByteRate(limits.maxBytesPerSecond);
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.isOpen;
  }

  /**
   * Checks an inbound frame against size and rate limits; closes and returns false when
   * it breaks one.
   */
  admit(data: Uint8Array, now = Date.now()): boolean {
    if (data.byteLength > this.limits.maxMessageBytes)
      return (this.close('tooLarge', `${data.byteLength} bytes`), false);
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (++this.windowCount > this.limits.maxMessagesPerSecond) return (this.close('tooMany', 'rate'), false);
    // Read from the frame's header, so an oversized update is refused before it is decoded.
    const updateBytes = updatePayloadBytes(data) ?? 0;
    if (updateBytes > (this.limits.maxUpdateBytes ?? Infinity))
      return (this.close('tooLarge', `an update of ${updateBytes} bytes`), false);
    if (this.byteRate && !this.byteRate.take(data.byteLength, now)) return (this.close('tooMany', 'byte rate'), false);
    return true;
  }

  /** Holds a frame until the room has loaded; closes when too many are held. */
  hold(data: Uint8Array): void {
    if (this.queued.length >= this.limits.maxQueuedBeforeLoad) return this.close('tooMany', 'queued before load');
    this.queued.push(data);
  }

  /**
   * Sends a frame. A client that cannot keep up is closed rather than skipped: a Yjs
   * client that misses one update stalls, and it resyncs when it reconnects. The frame
   * being sent does not count: a whole board (up to MAX_BOARD_BYTES) sent to a client that
   * joins must not look like a client falling behind.
   */
  send(data: Uint8Array): void {
    if (!this.isOpen) return;
    this.socket.send(data);
    if (this.socket.bufferedAmount - data.byteLength > this.limits.sendHighWaterBytes) this.close('slowConsumer');
  }

  /**
   * Closes the connection when the token it was opened with expires, `expiresAt` ms since
   * the epoch: with 4401, the code the same token gets if it tries to connect again, so a
   * view link made to expire stops working at its time, not at the viewer's next reconnect.
   */
  expireAt(expiresAt: number): void {
    this.cancelExpiry?.();
    this.cancelExpiry = runAt(expiresAt, () => this.close('unauthorized', 'link expired'));
  }

  close(name: CloseName, detail?: string): void {
    if (this.closed) return;
    this.ended();
    const { code, reason } = CLOSE[name];
    if (name !== 'goingAway')
      this.log.warn(
        { conn: this.id, board: this.board, address: this.address, code, detail },
        `closing connection: ${reason}`,
      );
    if (this.socket.isOpen) this.socket.close(code, reason);
    this.onClose();
  }

  /** The socket closed from the other side. */
  closedByPeer(): void {
    if (this.closed) return;
    this.ended();
    this.onClose();
  }

  private ended(): void {
    this.closed = true;
    this.queued.length = 0;
    this.cancelExpiry?.();
  }
}
