import { useEffect, useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Awareness } from 'y-protocols/awareness';
import { throttle } from './throttle';

/** About 30 updates a second: smooth enough to follow, light enough for the wire. */
const CURSOR_INTERVAL_MS = 33;

/**
 * Publishes this user's pointer over the canvas, in flow coordinates, through awareness.
 * Returns pointer handlers for the canvas wrapper.
 */
export function useCursorBroadcast(awareness: Awareness) {
  const { screenToFlowPosition } = useReactFlow();
  const send = useMemo(
    () =>
      throttle((cursor: { x: number; y: number } | null) => {
        awareness.setLocalStateField('cursor', cursor);
      }, CURSOR_INTERVAL_MS),
    [awareness],
  );
  useEffect(() => () => send.cancel(), [send]);
  return useMemo(
    () => ({
      onPointerMove: (event: { clientX: number; clientY: number }) => {
        const p = screenToFlowPosition({ x: event.clientX, y: event.clientY }, { snapToGrid: false });
        send({ x: Math.round(p.x), y: Math.round(p.y) });
      },
      onPointerLeave: () => send(null),
    }),
    [screenToFlowPosition, send],
  );
}
