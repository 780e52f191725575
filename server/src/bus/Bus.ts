import type { BoardId } from '@archboard/shared';

/**
 * A change to who may open a board, announced to every instance so each closes its own
 * connections: the owner reset the links (connections of an older generation go), or
 * deleted the board (all of them go).
 */
export type LinksChange = { type: 'reset'; generation: number } | { type: 'deleted' };

export interface BusHandlers {
  /** A stored document update from another instance (or read back from the log to fill a gap). */
  update(update: Uint8Array): void;
  /** An awareness update from another instance's clients. */
  awareness(update: Uint8Array): void;
  /** Awareness client ids whose instance stopped (its heartbeat expired): drop their presence. */
  presenceLost(clientIds: number[]): void;
  /** Another instance reset the board's links or deleted it (or the safety net found it had). */
  links(change: LinksChange): void;
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
  /** Announces a reset of the board's links or its deletion to the other instances. */
  publishLinks(board: BoardId, change: LinksChange): void;
  /** Rejects when the bus cannot carry messages (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
