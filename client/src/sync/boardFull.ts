import type { ConnectionSnapshot } from './ConnectionStore';

/**
 * What a tab does when the server closes it with 4411, "this board is full". The change
 * the server refused is held only by this tab (its Y.Doc and IndexedDB copy), and the sync
 * handshake would send it again on every reconnect. So the tab drops everything the server
 * has not stored: it deletes its local copy and opens the board afresh from the server,
 * and the new session shows why (`ConnectionStore.reopenedFull`). A full board stays
 * editable for deletions (the server accepts updates that only delete), so the person can
 * make room and go on.
 *
 * At most once per RELOAD_GAP_MS per board: another tab of this browser may hold the
 * refused change and hand it back over BroadcastChannel. Then this tab stays stopped with
 * the banner rather than reloading in a loop.
 */
export const RELOAD_GAP_MS = 30_000;

const lastReload = new Map<string, number>();

/** The parts of a BoardSession this needs. */
export interface FullBoardSession {
  readonly boardId: string;
  readonly connection: { subscribe(listener: () => void): () => void; getSnapshot(): ConnectionSnapshot };
  readonly persistence: { clearData(): Promise<void> };
}

/**
 * Watches `session` for a 4411 close; then deletes its local copy and calls `reopen`, which
 * should open a new session of the board. Returns a function that stops watching (a reopen
 * not yet called is then not called).
 */
export function watchBoardFull(session: FullBoardSession, reopen: () => void, now = Date.now): () => void {
  let seen = false;
  let stopped = false;
  const check = () => {
    if (seen || session.connection.getSnapshot().error?.code !== 'board-full') return;
    seen = true;
    const at = now();
    const last = lastReload.get(session.boardId);
    if (last !== undefined && at - last < RELOAD_GAP_MS) return; // stays stopped, with the banner
    lastReload.set(session.boardId, at);
    const reopenUnlessStopped = () => {
      if (!stopped) reopen();
    };
    session.persistence.clearData().then(reopenUnlessStopped, (error: unknown) => {
      // Without IndexedDB there is no local copy to bring the refused change back.
      console.warn(`archboard: could not delete the local copy of board ${session.boardId}`, error);
      reopenUnlessStopped();
    });
  };
  const unsubscribe = session.connection.subscribe(check);
  check();
  return () => {
    stopped = true;
    unsubscribe();
  };
}
