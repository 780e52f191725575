import * as Y from 'yjs';
import { can, INTERVIEW_ROOT, type BoardId } from '@archboard/shared';
import type { ArchiveEntry } from '../store/Store';
import type { BoardSize } from './BoardSize';
import type { Connection } from './Connection';
import { encodePermissionDenied, isEmptyUpdate } from './messages';
import type { RoomDeps } from './Room';
import type { RoomDocs } from './RoomDocs';

/** How long a board must go without updates before a due compaction runs. */
const COMPACTION_QUIET_MS = 1000;

/** How often an outage of the store is summed up in the log while it lasts. */
const OUTAGE_SUMMARY_MS = 30_000;

/**
 * The most one flush merges and stores (see takeBatch), and the largest update parsed on
 * the event loop (a bigger one is checked on the doc thread): merging or parsing a few
 * hundred KiB of small items takes tens of milliseconds.
 */
const MAX_BATCH_BYTES = 64 * 1024;
export const CHECK_INLINE_BYTES = 64 * 1024;

/** Why an update to an interview's clock from anyone but its host was refused. */
const HOST_ONLY_REASON = 'only the interviewer runs the interview clock';

export interface WriterHooks {
  docs: RoomDocs;
  size: BoardSize;
  /** An update is stored: relay it (the room sends it to everyone and to its doc). */
  stored(update: Uint8Array): void;
  /** The board was deleted: nothing more is stored. */
  deleted(): boolean;
  /** A connection's author, for an interview's archive. */
  authorOf(conn: Connection): ArchiveEntry['by'];
}

/**
 * A room's update path, from a client's update to the store: queued, checked where it must
 * be (on the doc thread for a big update, or for an interview's clock), merged per tick,
 * appended, archived on an interview board, and only then handed to `stored` to be relayed.
 * Holds updates (bounded) while the store fails and retries with back-off; compacts the
 * board's log in lulls. The room keeps its one rule through it: nobody sees an edit, and no
 * sender its echo, before the store holds it.
 */
export class RoomWriter {
  /**
   * An interview board: its `interview` root (the clock) is the host's alone, and every
   * update is archived with its author for the replay, one at a time (never merged).
   */
  interview = false;
  private pending: Uint8Array[] = [];
  /** On an interview board, who sent each pending update (its replay's authorship), one for one with `pending`. */
  private pendingBy: ArchiveEntry['by'][] = [];
  private pendingBytes = 0;
  /** Updates being checked on the doc thread, and the turn the next accepted update waits for. */
  private checking = 0;
  private inbound: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private appending = false;
  private appendFailures = 0;
  /** While the store fails: when it began, and when the last summary was logged. */
  private outage: { since: number; loggedAt: number } | undefined;
  private flushWaiters: (() => void)[] = [];
  private appendedSinceCompaction = 0;
  private bytesSinceCompaction = 0;
  /** Every byte stored for this board since the room opened (a compaction may not count those stored while it ran). */
  private storedTotal = 0;
  private compactTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly board: BoardId,
    private readonly deps: RoomDeps,
    private readonly hooks: WriterHooks,
  ) {}

  /** The board as loaded: its stored updates count towards the next compaction and its size. */
  loaded(updates: Uint8Array[]): void {
    this.appendedSinceCompaction = updates.length;
    this.hooks.size.bytes += updates.reduce((sum, update) => sum + update.byteLength, 0);
  }

  /**
   * Takes a client's update (from a connection that may write): refused with its
   * connection when the room holds too much already (4503) or the board is full (4411),
   * else queued to be stored. `parsed`: decodeClientMessage parsed it already. Whether it
   * was taken.
   */
  take(conn: Connection, update: Uint8Array, parsed: boolean): boolean {
    if (this.pendingBytes + update.byteLength > (this.deps.maxPendingBytes ?? Infinity)) {
      conn.close('unavailable', `${this.pendingBytes} bytes held`);
      return false;
    }
    const { size } = this.hooks;
    if (!size.admits(update, this.pendingBytes)) {
      // Refused whole: not queued, so never stored nor relayed. What the writer sent
      // after it is dropped with its connection (it may build on the refused update).
      conn.close('boardFull', `${size.bytes} bytes stored, ${update.byteLength} more refused`);
      this.maybeCompact();
      return false;
    }
    this.deps.metrics?.updateIn();
    this.pendingBytes += update.byteLength;
    this.accept(conn, update, parsed);
    return true;
  }

  /**
   * Queues a client's update to be stored. One too big to parse on the event loop is
   * checked on the doc thread first (a malformed one closes its connection with 4400), and
   * updates received behind it wait their turn: they are stored in the order received.
   */
  private accept(conn: Connection, update: Uint8Array, parsed: boolean): void {
    // On an interview board, what others send is checked against the clock the host alone sets.
    const guard =
      this.interview && !can(conn.role, 'interview') ? { board: this.board, roots: [INTERVIEW_ROOT] } : undefined;
    const by = this.interview ? this.hooks.authorOf(conn) : null;
    if (parsed && !guard && this.checking === 0) return this.enqueue(update, by);
    this.checking++;
    const check = parsed && !guard ? Promise.resolve('ok' as const) : this.hooks.docs.check(update, guard);
    this.inbound = this.inbound.then(async () => {
      const verdict = await check.catch(() => 'lost' as const); // the doc thread was lost
      this.checking--;
      if (verdict === 'ok') return this.enqueue(update, by);
      this.pendingBytes -= update.byteLength;
      if (verdict === 'guarded') {
        conn.send(encodePermissionDenied(HOST_ONLY_REASON));
        conn.close('forbidden', 'an update to the interview clock');
      } else conn.close(verdict === 'malformed' ? 'badRequest' : 'internal', 'an update that does not parse');
      this.settleWaiters();
    });
  }

  private enqueue(update: Uint8Array, by: ArchiveEntry['by']): void {
    if (this.hooks.deleted()) return void (this.pendingBytes -= update.byteLength);
    this.pending.push(update);
    if (this.interview) this.pendingBy.push(by);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.appending) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Appends everything queued in this tick as one update, then hands it on to be relayed. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    if (this.appending || this.pending.length === 0) return this.settleWaiters();
    const batch = this.takeBatch();
    // Not reduced against the doc (diffUpdate would re-encode every update on the hot
    // path): content the room already has is rare, harmless to store and gone after compaction.
    const update = batch.updates.length === 1 ? batch.updates[0]! : Y.mergeUpdates(batch.updates);
    this.pendingBytes += update.byteLength - batch.bytes; // held now: this update and what is queued behind it
    if (!isEmptyUpdate(update)) {
      this.appending = true;
      const started = performance.now();
      try {
        await this.deps.store.append(this.board, update);
        this.deps.metrics?.appendSeconds((performance.now() - started) / 1000);
        this.recovered();
      } catch (e) {
        this.appending = false;
        this.pending.unshift(update);
        if (this.interview) this.pendingBy.unshift(batch.by);
        const delay = Math.min(5000, 50 * 2 ** this.appendFailures++);
        this.failed(e);
        setTimeout(() => this.scheduleFlush(), delay).unref();
        return;
      }
      if (this.interview) await this.archive(update, batch.by);
      this.appending = false;
      this.pendingBytes -= update.byteLength;
      this.appendedSinceCompaction++;
      this.bytesSinceCompaction += update.byteLength;
      this.counted(update);
      this.hooks.stored(update);
    } else {
      this.pendingBytes -= update.byteLength;
    }
    if (this.pending.length > 0) this.scheduleFlush();
    else this.settleWaiters();
    this.maybeCompact();
  }

  /**
   * An append failed: the update is held and retried with back-off. An outage is logged
   * once when it begins, then summed up every OUTAGE_SUMMARY_MS, then once when it ends
   * (not once per retry: a Redis restart would log a thousand lines).
   */
  private failed(e: unknown): void {
    const now = Date.now();
    const fields = { board: this.board, heldBytes: this.pendingBytes, failures: this.appendFailures };
    if (!this.outage) {
      this.outage = { since: now, loggedAt: now };
      this.deps.log.warn({ ...fields, err: e }, 'store unavailable; holding updates and retrying');
    } else if (now - this.outage.loggedAt >= OUTAGE_SUMMARY_MS) {
      this.outage.loggedAt = now;
      this.deps.log.warn({ ...fields, outageMs: now - this.outage.since, err: e }, 'store still unavailable');
    }
  }

  private recovered(): void {
    if (this.outage) {
      const outageMs = Date.now() - this.outage.since;
      this.deps.log.info(
        { board: this.board, failures: this.appendFailures, outageMs },
        'store recovered; held updates stored',
      );
    }
    this.outage = undefined;
    this.appendFailures = 0;
  }

  /** Counts bytes the store now holds for this board (stored here, or by another instance). */
  counted(update: Uint8Array): void {
    this.hooks.size.add(update);
    this.storedTotal += update.byteLength;
  }

  /**
   * The queued updates of one flush, oldest first: as many as fit in MAX_BATCH_BYTES (at
   * least one: a bigger update is stored alone, never merged; on an interview board, one).
   * A burst of updates is then merged, stored and sent a slice per tick, with other boards
   * served in between, instead of in one long step.
   */
  private takeBatch(): { updates: Uint8Array[]; bytes: number; by: ArchiveEntry['by'] } {
    let bytes = 0;
    let count = 0;
    for (const update of this.pending) {
      if (count > 0 && (this.interview || bytes + update.byteLength > MAX_BATCH_BYTES)) break;
      bytes += update.byteLength;
      count++;
    }
    const by = this.interview ? (this.pendingBy.shift() ?? null) : null;
    return { updates: this.pending.splice(0, count), bytes, by };
  }

  /**
   * Keeps an interview board's update, stored just now, in its archive, before anyone sees
   * it (so a version taken once someone saw it has its replay position). The log holds it
   * already: a failure costs the replay that one step, and is logged.
   */
  private async archive(update: Uint8Array, by: ArchiveEntry['by']): Promise<void> {
    try {
      await this.deps.store.appendArchive(this.board, [{ at: Date.now(), by, update }]);
    } catch (e) {
      this.deps.log.error({ board: this.board, err: e }, 'archiving an interview update failed; its replay skips it');
    }
  }

  private settleWaiters(): void {
    if (this.pending.length > 0 || this.appending || this.checking > 0) return;
    for (const resolve of this.flushWaiters.splice(0)) resolve();
  }

  /** Resolves once every update received so far is stored (or the room gave up on it). */
  whenFlushed(): Promise<void> {
    if (this.pending.length === 0 && !this.appending && this.checking === 0) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  /**
   * Compaction reads and rewrites the whole board, so it waits for a lull: it runs once the
   * log has grown past the threshold and no update came for COMPACTION_QUIET_MS, or at once
   * past ten times the threshold, so a board that is never quiet still gets compacted.
   */
  private maybeCompact(): void {
    const due =
      this.appendedSinceCompaction >= this.deps.compactEvery ||
      this.bytesSinceCompaction >= (this.deps.compactBytes ?? Infinity) ||
      (this.hooks.size.wantsCompaction && this.appendedSinceCompaction > 0);
    if (!due) return;
    clearTimeout(this.compactTimer);
    const overdue =
      this.appendedSinceCompaction >= 10 * this.deps.compactEvery ||
      this.bytesSinceCompaction >= 10 * (this.deps.compactBytes ?? Infinity);
    if (overdue) return void this.compact();
    this.compactTimer = setTimeout(() => void this.compact(), COMPACTION_QUIET_MS);
    this.compactTimer.unref();
  }

  /** At closing: compacts what was appended since the last compaction, if anything was. */
  async compactBeforeClosing(): Promise<void> {
    clearTimeout(this.compactTimer);
    if (this.appendedSinceCompaction > 1) await this.compact();
  }

  private async compact(): Promise<void> {
    clearTimeout(this.compactTimer);
    if (this.hooks.deleted()) return;
    this.appendedSinceCompaction = 0;
    this.bytesSinceCompaction = 0;
    const before = this.storedTotal;
    const { size } = this.hooks;
    try {
      const left = await this.deps.store.compact(this.board);
      if (left !== undefined) size.compacted(left, this.storedTotal - before);
      this.deps.log.debug({ board: this.board, storedBytes: size.bytes }, 'board compacted');
    } catch (e) {
      this.deps.log.error({ board: this.board, err: e }, 'compaction failed; the log stays as it is');
    }
  }

  /** The board was deleted: what is held is dropped, never stored. */
  drop(): void {
    this.pending = [];
    this.pendingBy = [];
    this.pendingBytes = 0;
    clearTimeout(this.compactTimer);
  }

  stopTimers(): void {
    clearTimeout(this.compactTimer);
  }
}
