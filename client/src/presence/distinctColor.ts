import { useEffect } from 'react';
import { saveLocalUser, USER_COLORS, type LocalUser } from './localUser';
import type { Person } from './PeersStore';

/**
 * The colour a person who has not picked theirs should move to, or undefined to keep it: a
 * random one nobody else on the board has, when someone else (another name: the same name
 * and colour is this person in another tab) has theirs. Two newcomers drawn the same random
 * colour would otherwise be told apart on cursors, avatars and the replay's authorship
 * frames only by name. A picked colour is the person's and never moves; with every colour
 * taken, nothing moves either. Two people who both move pick at random among the free
 * colours, so they part within a round or two.
 */
export function colorToMoveTo(
  me: LocalUser,
  picked: boolean,
  others: readonly Person[],
  random: () => number = Math.random,
): string | undefined {
  if (picked || !others.some((p) => p.color === me.color && p.name !== me.name)) return undefined;
  const taken = new Set(others.map((p) => p.color));
  const free = USER_COLORS.filter((c) => !taken.has(c));
  return free.length === 0 ? undefined : free[Math.floor(random() * free.length)];
}

/** Moves this browser's unpicked colour off one someone else on the board has (colorToMoveTo). */
export function useDistinctColor(me: LocalUser, picked: boolean, others: readonly Person[]): void {
  useEffect(() => {
    const color = colorToMoveTo(me, picked, others);
    if (color) saveLocalUser({ ...me, color });
  }, [me, picked, others]);
}
