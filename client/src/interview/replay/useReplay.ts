import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { BoardSession } from '../../sync/BoardSession';
import { fetchReplay } from './replayApi';
import { ReplayPlayer, type ReplaySnapshot } from './ReplayPlayer';

/** While the replay is open and the live board changed, the new steps are read this often. */
const REFRESH_MS = 10_000;

export interface ReplayState {
  player: ReplayPlayer;
  state: ReplaySnapshot;
}

/** A player reading the board's replay from the server, on the page's clock and animation frames. */
function browserPlayer(session: BoardSession): ReplayPlayer {
  return new ReplayPlayer({
    fetchSteps: () => fetchReplay(session.boardId, session.token),
    now: () => performance.now(),
    frame: (callback) => {
      const id = requestAnimationFrame(callback);
      return () => cancelAnimationFrame(id);
    },
  });
}

/**
 * The replay of the open board: closed until opened, then its player's state, re-rendered
 * on every change. While open, steps made since it was read are appended (every
 * REFRESH_MS, and only when the live board changed meanwhile).
 */
export function useReplay(session: BoardSession): ReplayState {
  const player = useMemo(() => browserPlayer(session), [session]);
  useEffect(() => () => player.close(), [player]);
  const state = useSyncExternalStore(player.subscribe, player.getSnapshot);
  const ready = state.status === 'ready';

  useEffect(() => {
    if (!ready) return;
    let changed = false;
    const onUpdate = () => void (changed = true);
    session.doc.on('update', onUpdate);
    const timer = setInterval(() => {
      if (!changed) return;
      changed = false;
      player.refresh().catch((e: unknown) => {
        console.warn(`archboard: could not read the new steps of board ${session.boardId}'s replay`, e);
      });
    }, REFRESH_MS);
    return () => {
      session.doc.off('update', onUpdate);
      clearInterval(timer);
    };
  }, [ready, player, session]);

  return useMemo(() => ({ player, state }), [player, state]);
}
