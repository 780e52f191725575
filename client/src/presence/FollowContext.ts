import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { FollowStore } from './FollowStore';

/** The board page's follow mode (BoardWorkspace provides it); null outside a board page. */
export const FollowContext = createContext<FollowStore | null>(null);

/** Follow mode for a board page's awareness, watching it while the page is mounted. */
export function useNewFollowStore(awareness: Awareness): FollowStore {
  const follow = useMemo(() => new FollowStore(awareness), [awareness]);
  useEffect(() => follow.start(), [follow]);
  return follow;
}

export const useFollowStore = (): FollowStore | null => useContext(FollowContext);

const NOBODY = () => () => undefined;
const NOT_FOLLOWING = () => null;

/** The awareness client id of the person this page follows, or null; re-renders when it changes. */
export function useFollowing(follow: FollowStore | null): number | null {
  return useSyncExternalStore(follow?.subscribe ?? NOBODY, follow?.getFollowing ?? NOT_FOLLOWING);
}
