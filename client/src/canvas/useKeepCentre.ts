import { useEffect } from 'react';
import { useReactFlow, useStore, type ReactFlowState, type Rect } from '@xyflow/react';
import { FIT_VIEW } from './fitView';

const domNodeOf = (s: ReactFlowState) => s.domNode;

/** Whether `inner` lies wholly within `outer` (flow coordinates). */
const within = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/**
 * Keeps what is in the middle of the canvas in the middle when the canvas changes size (a
 * side panel opened or closed, the window resized), as a map does. React Flow keeps the
 * top-left corner where it was, so a panel opened on the right used to cover the right part
 * of a diagram that had been framed a moment before. A diagram that was whole on screen and
 * no longer fits is fitted again (never zoomed in past where it was).
 */
export function useKeepCentre(): void {
  const domNode = useStore(domNodeOf);
  const { getViewport, setViewport, getNodes, getNodesBounds, fitView } = useReactFlow();
  useEffect(() => {
    if (!domNode) return;
    let last: { width: number; height: number } | undefined;
    let frame = 0;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      const before = last;
      last = { width, height };
      // The first size, and a canvas coming back from nothing (hidden), have no centre to keep.
      if (!before || before.width === 0 || before.height === 0 || width === 0 || height === 0) return;
      const dx = (width - before.width) / 2;
      const dy = (height - before.height) / 2;
      if (dx === 0 && dy === 0) return;
      const { x, y, zoom } = getViewport();
      const shown = (vx: number, vy: number, w: number, h: number): Rect => ({
        x: -vx / zoom,
        y: -vy / zoom,
        width: w / zoom,
        height: h / zoom,
      });
      const nodes = getNodes();
      const bounds = nodes.length > 0 ? getNodesBounds(nodes) : undefined;
      const refit =
        bounds !== undefined &&
        within(bounds, shown(x, y, before.width, before.height)) &&
        !within(bounds, shown(x + dx, y + dy, width, height));
      void setViewport({ x: x + dx, y: y + dy, zoom });
      cancelAnimationFrame(frame);
      // On the next frame: React Flow learns the new size from its own observer.
      if (refit)
        frame = requestAnimationFrame(
          () => void fitView({ ...FIT_VIEW, maxZoom: Math.min(zoom, FIT_VIEW.maxZoom ?? zoom), duration: 0 }),
        );
    });
    observer.observe(domNode);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [domNode, getViewport, setViewport, getNodes, getNodesBounds, fitView]);
}
