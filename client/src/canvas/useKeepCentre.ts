import { useEffect } from 'react';
import { useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';

const domNodeOf = (s: ReactFlowState) => s.domNode;

/**
 * Keeps what is in the middle of the canvas in the middle when the canvas changes size (a
 * side panel opened or closed, the window resized), as a map does. React Flow keeps the
 * top-left corner where it was, so a panel opened on the right used to cover the right part
 * of a diagram that had been framed a moment before.
 */
export function useKeepCentre(): void {
  const domNode = useStore(domNodeOf);
  const { getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (!domNode) return;
    let last: { width: number; height: number } | undefined;
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
      void setViewport({ x: x + dx, y: y + dy, zoom });
    });
    observer.observe(domNode);
    return () => observer.disconnect();
  }, [domNode, getViewport, setViewport]);
}
