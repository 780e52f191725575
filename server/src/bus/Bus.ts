import type { BoardId } from '@archboard/shared';

export interface BusHandlers {
  /** A stored document update from another instance. */
  update(update: Uint8Array): void;
  /** An awareness update from another instance's clients. */
  awareness(update: Uint8Array): void;
}

/**
 * Carries a board's stored updates and awareness between server instances. LocalBus
 * (one process) or RedisBus. A publisher never receives its own messages.
 */
export interface Bus {
  subscribe(board: BoardId, handlers: BusHandlers): Promise<() => Promise<void>>;
  publishUpdate(board: BoardId, update: Uint8Array): void;
  publishAwareness(board: BoardId, update: Uint8Array): void;
  /** Rejects when the bus cannot carry messages (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
