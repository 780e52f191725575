import { useCallback, useEffect, useMemo } from 'react';
import { useOnViewportChange, useReactFlow, useStoreApi } from '@xyflow/react';
import type { Awareness } from 'y-protocols/awareness';
import { useFollowing, useFollowStore } from './FollowContext';
import { useViewportBroadcast } from './useViewportBroadcast';
import { ViewportMover } from './ViewportMover';

/**
 * Follow mode on the canvas: publishes this page's viewport, glides the view where the
 * page's FollowStore asks (the person followed, or a summon), and stops following on any
 * pan or zoom of the user's own (wheel, drag of the pane, zoom buttons, fit view,
 * minimap, a fit from a panel) and on Escape.
 */
export function useFollowMode(awareness: Awareness): void {
  useViewportBroadcast(awareness);
  const follow = useFollowStore();
  const store = useStoreApi();
  const { setViewport } = useReactFlow();
  const mover = useMemo(
    () =>
      new ViewportMover({
        getViewport: () => {
          const [x, y, zoom] = store.getState().transform;
          return { x, y, zoom };
        },
        setViewport: (viewport) => void setViewport(viewport),
        screen: () => {
          const { width, height, minZoom, maxZoom } = store.getState();
          return { width, height, minZoom, maxZoom };
        },
      }),
    [store, setViewport],
  );
  useEffect(() => {
    if (!follow) return;
    follow.setMoveView(mover.moveTo);
    return () => {
      follow.setMoveView(null);
      mover.stop();
    };
  }, [follow, mover]);

  // React Flow reports every change of the viewport here, synchronously, its own included:
  // one made while the mover is not applying a frame is the user's (or a fit they asked for).
  const onChange = useCallback(() => {
    if (mover.applying) return;
    mover.stop();
    follow?.stop();
  }, [mover, follow]);
  useOnViewportChange({ onChange });

  const following = useFollowing(follow) !== null;
  useEffect(() => {
    if (!following || !follow) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') follow.stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [following, follow]);
}
