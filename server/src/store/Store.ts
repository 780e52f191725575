import { randomId, type BoardId, type SnapshotInfo } from '@archboard/shared';

/** A board as stored: its updates oldest first, and how far into the log they reach. */
export interface StoredBoard {
  updates: Uint8Array[];
  /**
   * The position in the store's log that `updates` cover (a Redis stream id), for the bus
   * to continue from; undefined for stores without a shared log.
   */
  cursor?: string;
}

export { SNAPSHOT_KINDS, type SnapshotInfo, type SnapshotKind } from '@archboard/shared';

/**
 * A new snapshot id: `createdAt` in base 36, zero-padded to 9 characters (enough until the
 * year 5188), a dash and 6 random base-62 characters. Ids of one board sort by time, and
 * two versions taken in the same millisecond still get distinct ids.
 */
export function snapshotId(createdAt: number): string {
  return `${createdAt.toString(36).padStart(9, '0')}-${randomId(6)}`;
}

/**
 * A board's link generation: 0 until its owner first resets its links, then one more at
 * each reset (a token of another generation is refused); `deleted` once the owner deleted
 * the board, which no token opens again.
 */
export type LinkGeneration = number | 'deleted';

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
  /**
   * Replaces the board's log by one equivalent snapshot; appends during it are kept.
   * Resolves with the bytes the board's log and snapshot hold after it (appends made
   * while it ran aside), or undefined when it could not tell (another instance compacts).
   */
  compact(board: BoardId): Promise<number | undefined>;
  /** Keeps a version of the board: `state` is a full Yjs update of the board at that moment. */
  saveSnapshot(board: BoardId, info: SnapshotInfo, state: Uint8Array): Promise<void>;
  /** Every version of the board, newest first (metadata only). */
  listSnapshots(board: BoardId): Promise<SnapshotInfo[]>;
  /** The state of one version, or undefined when the board has no version of that id. */
  readSnapshot(board: BoardId, id: string): Promise<Uint8Array | undefined>;
  /** Forgets versions (retention); unknown ids are ignored. */
  deleteSnapshots(board: BoardId, ids: string[]): Promise<void>;
  /** The board's link generation (0 for a board never reset, or never written). */
  linkGeneration(board: BoardId): Promise<LinkGeneration>;
  /** Adds one to the board's link generation and resolves with the new one (a deleted board stays `deleted`). */
  resetLinks(board: BoardId): Promise<LinkGeneration>;
  /**
   * Removes the board's updates and versions and marks it deleted (its link generation is
   * `deleted` from then on), in one step.
   */
  deleteBoard(board: BoardId): Promise<void>;
  /** Rejects when the store cannot serve requests (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
