import type { Logger } from 'pino';
import type { BoardId } from '@archboard/shared';
import type { Store } from './Store';

/*
 * Rule: a board is removed here only when its record says nobody ever opened it and it was
 * created more than the maximum age ago. It is removed with Store.deleteBoard, so its links
 * answer from then on as those of a board its owner deleted (404, close 4404). A board
 * without a record (created before boards had one) is never removed.
 *
 * Several instances may sweep at once (with Redis, each has its timer): every step is
 * idempotent, and finding the candidates reads a few entries of an index, never every board.
 */

export interface SweepDeps {
  store: Pick<Store, 'unopenedBefore' | 'boardMeta' | 'markOpened' | 'deleteBoard'>;
  /** Closes whatever is open of a board just removed, here and on the other instances, as the owner's delete does. */
  announceDeleted(board: BoardId): void;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Boards created longer ago than this and never opened are removed. */
  maxAgeMs: number;
}

/** Candidates read at a time, and batches per sweep: a backlog is worked off over several sweeps. */
const BATCH = 100;
const MAX_BATCHES = 10;

/** One sweep at `now`; resolves with the boards it removed. */
export async function sweepUnopenedBoards(deps: SweepDeps, now = Date.now()): Promise<BoardId[]> {
  const { store } = deps;
  const before = now - deps.maxAgeMs;
  const removed: BoardId[] = [];
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const candidates = await store.unopenedBefore(before, BATCH);
    for (const board of candidates) {
      // The index may be behind the record (a mark that stopped half-way): the record decides.
      if ((await store.boardMeta(board))?.opened) {
        await store.markOpened(board);
        continue;
      }
      await store.deleteBoard(board);
      deps.announceDeleted(board);
      removed.push(board);
    }
    if (candidates.length < BATCH) break;
  }
  if (removed.length > 0) deps.log.info({ boards: removed.length, maxAgeMs: deps.maxAgeMs }, 'removed unopened boards');
  return removed;
}

/**
 * Sweeps every `intervalMs` on a timer that does not keep the process alive; a sweep still
 * running when the next is due is not doubled. `stop` ends it.
 */
export function startUnopenedSweep(deps: SweepDeps & { intervalMs: number }): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepUnopenedBoards(deps)
      .catch((e: unknown) => deps.log.warn({ err: e }, 'the sweep of unopened boards failed; it runs again later'))
      .finally(() => (running = false));
  }, deps.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
