/**
 * How much one board may store. The rule: an update that would take the board's stored
 * size past `maxBytes` is refused (not stored, not relayed), except an update that only
 * deletes, which is accepted up to `maxBytes + deletionAllowance`, so a full board stays
 * editable by removing things.
 *
 * The size is the store's own measure: the bytes of the board's stored updates and
 * snapshot. The room keeps it as a running figure: set from what it loaded, increased by
 * every update stored (here or, through the bus, by another instance), and set again from
 * what each compaction leaves. Deleted content only leaves the store when a compaction
 * folds the log, so a board over its cap, one that refused an update, or a big one that
 * had things deleted is compacted as soon as it is quiet (see `wantsCompaction`). On
 * Redis, a compaction run by another instance is not seen here: the figure then errs
 * high, never low, until this instance compacts or reloads the board.
 */
export class BoardSize {
  /** The board's stored size as far as this room knows. */
  bytes = 0;
  /** An update was refused since the last compaction. */
  private refused = false;
  /** A deletion was stored since the last compaction while the board was past half its cap. */
  private freed = false;
  /** How far past the cap updates that only delete may take the board. */
  readonly deletionAllowance: number;

  constructor(readonly maxBytes: number) {
    this.deletionAllowance = Math.max(64 * 1024, Math.floor(maxBytes / 16));
  }

  /**
   * Whether `update` may be stored, with `pendingBytes` already received and not yet
   * stored ahead of it. Records a refusal.
   */
  admits(update: Uint8Array, pendingBytes: number): boolean {
    const projected = this.bytes + pendingBytes + update.byteLength;
    if (projected <= this.maxBytes) return true;
    if (isDeleteOnly(update) && projected <= this.maxBytes + this.deletionAllowance) return true;
    this.refused = true;
    return false;
  }

  /** Counts an update the store now holds (stored here, or by another instance). */
  add(update: Uint8Array): void {
    this.bytes += update.byteLength;
    if (isDeleteOnly(update) && update.byteLength > 2 && this.bytes > this.maxBytes / 2) this.freed = true;
  }

  /**
   * A compaction would make room that counts: the board is over its cap, refused an update,
   * or had things deleted while past half its cap, since the last compaction.
   */
  get wantsCompaction(): boolean {
    return this.refused || this.freed || this.bytes > this.maxBytes;
  }

  /** A compaction left `stored` bytes, and `since` bytes were stored while it ran. */
  compacted(stored: number, since: number): void {
    this.bytes = stored + since;
    this.refused = false;
    this.freed = false;
  }
}

/**
 * An update with no new content, only a delete set: its first varint (the number of
 * clients with structs) is 0. Only for updates already checked to parse (decodeClientMessage).
 */
export const isDeleteOnly = (update: Uint8Array): boolean => update.length > 0 && update[0] === 0;
