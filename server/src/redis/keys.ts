import type { BoardId } from '@archboard/shared';

/**
 * Every Redis key and channel, named in one place. A board's keys share the hash tag
 * `{<board>}`, so on a Redis Cluster its log, snapshot, lease, versions and channel live
 * on one shard and the append script (which touches several of them) is legal there.
 */
export function boardKeys(board: BoardId) {
  const prefix = `archboard:{${board}}`;
  return {
    /** Stream: the board's update log, one entry (`u` = update bytes) per append. */
    log: `${prefix}:log`,
    /** String: the id of the last entry ever appended (survives trimming). */
    last: `${prefix}:last`,
    /** Hash: `data` = compacted snapshot, `upto` = the last log id it covers. */
    snapshot: `${prefix}:snapshot`,
    /** String: which instance holds the compaction lease, with a TTL. */
    lease: `${prefix}:lease`,
    /** Hash: snapshot id → JSON of its SnapshotInfo (the board's versions, metadata only). */
    snapinfo: `${prefix}:snapinfo`,
    /** Hash: snapshot id → the version's state (a full Yjs update). */
    snapdata: `${prefix}:snapdata`,
    /** String: the board's link generation (absent: 0), or `deleted` once the board was deleted. */
    links: `${prefix}:links`,
    /**
     * Hash: the board's record (Store.recordBoard): `createdAt` (ms), `orgOnly` (`1`/`0`),
     * `ownerIssuer` and `ownerSubject` when a signed-in person created it, `opened` (`1`) once
     * someone opened it. Absent for boards created before boards had one.
     */
    meta: `${prefix}:meta`,
    /** List: an interview board's archive (Store.appendArchive), one encoded entry each (store/archiveEntry.ts). */
    archive: `${prefix}:archive`,
    /** Pub/sub channel: update, awareness and links frames of the board. */
    channel: `${prefix}:channel`,
  };
}

/**
 * Sorted set: the ids of boards nobody has opened yet, scored by creation time (ms), so the
 * sweep of old unopened boards reads the oldest few without scanning keys. Not of one
 * board, so no hash tag: every command on it touches it alone.
 */
export const UNOPENED_BOARDS_KEY = 'archboard:unopened-boards';

/** An instance's heartbeat key; it expires when the instance stops renewing it. */
export const heartbeatKey = (instance: string) => `archboard:instance:${instance}`;

/** Compares two stream ids (`<ms>-<seq>`): negative when a is older. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

export const ZERO_ID = '0-0';
