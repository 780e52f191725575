import { useEffect } from 'react';
import { useStoreApi } from '@xyflow/react';
import type { Awareness } from 'y-protocols/awareness';
import { publishedViewport, sameViewport, VIEWPORT_FIELD, type PublishedViewport } from './followState';
import { throttle } from './throttle';

/**
 * Ten updates a second. The server takes 40 presence messages a second from a tab and
 * drops the rest (PresenceGuard), the cursor already sends up to 30 while the pointer
 * moves (a drag of the pane moves both), and a follower glides between updates anyway.
 */
export const VIEWPORT_INTERVAL_MS = 100;

/**
 * Publishes what this page shows (React Flow's transform and the pane's size) through
 * awareness, throttled, and only when it changed: what a follower fits its own view to.
 */
export function useViewportBroadcast(awareness: Awareness): void {
  const store = useStoreApi();
  useEffect(() => {
    let published: PublishedViewport | null = null;
    const send = throttle(() => {
      const { transform, width, height } = store.getState();
      const next = publishedViewport(transform, width, height);
      if (!next || (published && sameViewport(published, next))) return;
      published = next;
      awareness.setLocalStateField(VIEWPORT_FIELD, next);
    }, VIEWPORT_INTERVAL_MS);
    let last = store.getState();
    const unsubscribe = store.subscribe((state) => {
      if (state.transform !== last.transform || state.width !== last.width || state.height !== last.height) send();
      last = state;
    });
    send();
    return () => {
      unsubscribe();
      send.cancel();
    };
  }, [awareness, store]);
}
