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

/** Who created a board, when sign-in is configured: a subject of one OIDC provider. */
export interface BoardOwner {
  issuer: string;
  subject: string;
}

/** What a board was created as, recorded once when it is created (Store.recordBoard). */
export interface BoardRecord {
  /** When it was created, in milliseconds since the epoch. */
  createdAt: number;
  /** Opening it needs a sign-in with the server's OIDC provider as well as its link. */
  orgOnly: boolean;
  /** The signed-in creator: the board's owner, whichever of its links they open it with. */
  owner?: BoardOwner;
}

/** A board's record, and whether anyone ever opened it (a WebSocket join that got in). */
export interface BoardMeta extends BoardRecord {
  opened: boolean;
}

/** One update of an interview board as it was stored, for its replay: when (server ms), who (their presence then), the bytes. */
export interface ArchiveEntry {
  at: number;
  by: { name: string; color: string } | null;
  update: Uint8Array;
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
   * Removes the board's updates, versions and record and marks it deleted (its link
   * generation is `deleted` from then on), in one step.
   */
  deleteBoard(board: BoardId): Promise<void>;
  /**
   * Records a new board, before its first update is stored: a board whose record could not
   * be written is never created, so an organisation-only board never exists without its flag.
   */
  recordBoard(board: BoardId, record: BoardRecord): Promise<void>;
  /**
   * The board's record; undefined for a board created before boards had one (such a board
   * is neither organisation-only nor ever removed unopened), and for a deleted one.
   */
  boardMeta(board: BoardId): Promise<BoardMeta | undefined>;
  /** Notes that someone opened the board. Idempotent; a board without a record is left without one. */
  markOpened(board: BoardId): Promise<void>;
  /**
   * Up to `limit` boards with a record, created before `before` (milliseconds since the
   * epoch) and never opened, oldest first; read from an index, never a scan of all boards.
   */
  unopenedBefore(before: number, limit: number): Promise<BoardId[]>;
  /**
   * Keeps updates of an interview board, in order, beside its log: compaction never touches
   * them, so its replay keeps one step per stored update. Deleting the board removes them.
   */
  appendArchive(board: BoardId, entries: ArchiveEntry[]): Promise<void>;
  /** The board's archive, oldest first (empty for a board that never had one). */
  readArchive(board: BoardId): Promise<ArchiveEntry[]>;
  /** How many entries the board's archive holds. */
  archiveLength(board: BoardId): Promise<number>;
  /** Rejects when the store cannot serve requests (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
