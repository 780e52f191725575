import type { BoardId } from '@archboard/shared';

export interface BusHandlers {
  /** A stored document update from another instance (or read back from the log to fill a gap). */
  update(update: Uint8Array): void;
  /** An awareness update from another instance's clients. */
  awareness(update: Uint8Array): void;
  /** Awareness client ids whose instance stopped (its heartbeat expired): drop their presence. */
  presenceLost(clientIds: number[]): void;
}

export interface BusSubscription {
  /**
   * Called once the board is loaded, with the store's cursor: messages that arrived
   * since subscribing and are not covered by the load are delivered now, in order.
   */
  resume(cursor: string | undefined): void;
  close(): Promise<void>;
}

/**
 * Carries a board's stored updates and awareness between server instances. LocalBus
 * (in-process) or RedisBus. A publisher never receives its own messages. Rooms subscribe
 * before they load and resume after, so no update falls between the two.
 */
export interface Bus {
  subscribe(board: BoardId, handlers: BusHandlers): Promise<BusSubscription>;
  /** Announces an update this instance just stored. */
  publishUpdate(board: BoardId, update: Uint8Array): void;
  publishAwareness(board: BoardId, update: Uint8Array): void;
  /** Rejects when the bus cannot carry messages (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
