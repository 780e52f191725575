import type { BoardId } from '@archboard/shared';

/** A board as stored: its updates oldest first, and how far into the log they reach. */
export interface StoredBoard {
  updates: Uint8Array[];
  /**
   * The position in the store's log that `updates` cover (a Redis stream id), for the bus
   * to continue from; undefined for stores without a shared log.
   */
  cursor?: string;
}

/**
 * The persistence port. A board is an append-only log of Yjs updates, optionally
 * starting with a compacted snapshot. Implementations: SqliteStore (embedded default)
 * and, with REDIS_URL, RedisStore.
 */
export interface Store {
  /** Every stored update of the board, oldest first (a new board has none). */
  load(board: BoardId): Promise<StoredBoard>;
  /** Appends one update. Resolves only once the update is durable. */
  append(board: BoardId, update: Uint8Array): Promise<void>;
  /** Replaces the board's log by one equivalent snapshot; appends during it are kept. */
  compact(board: BoardId): Promise<void>;
  /** Rejects when the store cannot serve requests (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
