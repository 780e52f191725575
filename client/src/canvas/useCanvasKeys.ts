import { useEffect, useRef } from 'react';
import type { Board } from '@archboard/shared';
import { inTextField } from '../inTextField';
import type { ViewStore } from './ViewStore';

export interface CanvasKeyActions {
  /** Ctrl/Cmd+D: given by the canvas when the board may be edited. */
  duplicate?(): void;
}

/**
 * The canvas's keyboard: Ctrl/Cmd+A selects every node and edge, Ctrl/Cmd+D duplicates.
 * (Copy, cut and paste come as the browser's clipboard events: see editing/useEditing.)
 * Keys typed into a text field are left to it.
 */
export function useCanvasKeys(board: Board, view: ViewStore, actions: CanvasKeyActions, enabled: boolean): void {
  const latest = useRef({ board, actions });
  useEffect(() => {
    latest.current = { board, actions };
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || inTextField(event.target)) return;
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
  }, [view, enabled]);
}
