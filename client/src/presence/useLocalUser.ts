import { useEffect, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { hasChosenName, storedLocalUser, subscribeLocalUser, type LocalUser } from './localUser';

/**
 * This browser's name and colour as stored now (renamed from any tab), or `fallback` when
 * storage holds none (localStorage unavailable). Re-renders on a rename.
 */
export function useLocalUser(fallback: LocalUser): LocalUser {
  return useSyncExternalStore(subscribeLocalUser, storedLocalUser) ?? fallback;
}

/** Whether the first-visit name prompt has been answered (a name picked, or kept). */
export function useNameChosen(): boolean {
  return useSyncExternalStore(subscribeLocalUser, hasChosenName);
}

/**
 * Keeps the `user` field of this tab's awareness equal to `user`, so other people see a
 * rename on this cursor and avatar as soon as it is saved. Presence only: nothing is
 * written to the board.
 */
export function usePublishUser(awareness: Awareness, user: LocalUser): void {
  const { name, color } = user;
  useEffect(() => {
    const current = awareness.getLocalState()?.user as Partial<LocalUser> | undefined;
    if (current?.name === name && current.color === color) return;
    awareness.setLocalStateField('user', { name, color });
  }, [awareness, name, color]);
}
