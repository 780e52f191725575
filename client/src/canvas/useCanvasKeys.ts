import { useEffect, useRef } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { Board } from '@archboard/shared';
import { inTextField } from '../inTextField';
import { FIT_VIEW } from './fitView';
import type { ViewStore } from './ViewStore';

export interface CanvasKeyActions {
  /** Ctrl/Cmd+D: given by the canvas when the board may be edited. */
  duplicate?(): void;
}

/** How long a zoom by key animates, ms: long enough to see where it went. */
const ZOOM_MS = 150;
/** One zoom step by key, as React Flow's own zoom buttons take. */
const ZOOM_STEP = 1.2;

/**
 * The canvas's keyboard: Ctrl/Cmd+A selects every node and edge, Ctrl/Cmd+D duplicates;
 * Ctrl/Cmd with + and - zoom in and out (not the browser's page zoom, which would scale
 * the panels too) and with 0 to 100 %; Shift+1 fits the whole board, Shift+2 the
 * selection (the keys of Excalidraw, tldraw and Figma). The view keys work read-only too.
 * (Copy, cut and paste come as the browser's clipboard events: see editing/useEditing;
 * React Flow moves the selection with the arrow keys.) Keys typed into a text field are
 * left to it. Digits are matched by `code`, so Shift+1 is the same key on every layout.
 */
export function useCanvasKeys(board: Board, view: ViewStore, actions: CanvasKeyActions, enabled: boolean): void {
  const latest = useRef({ board, actions });
  useEffect(() => {
    latest.current = { board, actions };
  });
  const { zoomTo, fitView } = useReactFlow();
  const store = useStoreApi();
  useEffect(() => {
    if (!enabled) return;
    // Where the last zoom by key is headed: a key pressed while it animates steps on from
    // there, so two quick presses make two steps (d3 would start again from mid-way).
    let target = { zoom: 1, until: 0 };
    const zoomBy = (factor: number | null) => {
      const { transform, minZoom, maxZoom } = store.getState();
      const now = performance.now();
      const from = now < target.until ? target.zoom : transform[2];
      const zoom = factor === null ? 1 : Math.min(maxZoom, Math.max(minZoom, from * factor));
      target = { zoom, until: now + ZOOM_MS };
      void zoomTo(zoom, { duration: ZOOM_MS });
    };
    const viewKey = (event: KeyboardEvent): boolean => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.shiftKey) {
        if (event.code === 'Equal' || event.code === 'NumpadAdd' || event.key === '+') zoomBy(ZOOM_STEP);
        else if (event.code === 'Minus' || event.code === 'NumpadSubtract') zoomBy(1 / ZOOM_STEP);
        else if (event.code === 'Digit0' || event.code === 'Numpad0') zoomBy(null);
        else return false;
        return true;
      }
      if (mod || !event.shiftKey) return false;
      if (event.code === 'Digit1') void fitView({ ...FIT_VIEW, duration: ZOOM_MS * 2 });
      else if (event.code === 'Digit2') {
        const selected = view.getSnapshot().selectedNodes;
        if (selected.size === 0) return false;
        void fitView({ ...FIT_VIEW, nodes: [...selected].map((id) => ({ id })), duration: ZOOM_MS * 2 });
      } else return false;
      return true;
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || inTextField(event.target)) return;
      if (viewKey(event)) return void event.preventDefault();
      if (!(event.ctrlKey || event.metaKey)) return;
      const { board, actions } = latest.current;
      const key = event.key.toLowerCase();
      let handled = true;
      if (key === 'a') {
        view.update((s) => ({
          ...s,
          selectedNodes: new Set(board.nodes.map((n) => n.id)),
          selectedEdges: new Set(board.edges.map((e) => e.id)),
        }));
      } else if (key === 'd' && actions.duplicate) actions.duplicate();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, enabled, store, zoomTo, fitView]);
}
