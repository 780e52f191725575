import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { BoardSession } from './BoardSession';
import { inTextField } from '../inTextField';

export interface UndoRedo {
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
}

/**
 * Undo and redo of this tab's own edits (the UndoManager tracks the local origin only,
 * so another person's work is never taken back), with Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and
 * Ctrl+Y. Inside a text field the browser's own text undo applies instead.
 */
export function useUndoRedo(session: BoardSession, enabled = true): UndoRedo {
  const { undoManager } = session;
  const subscribe = useCallback(
    (listener: () => void) => {
      const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
      events.forEach((name) => undoManager.on(name, listener));
      return () => events.forEach((name) => undoManager.off(name, listener));
    },
    [undoManager],
  );
  const state = useSyncExternalStore(
    subscribe,
    () => (undoManager.canUndo() ? 1 : 0) + (undoManager.canRedo() ? 2 : 0),
  );
  // Off while a version from history is on screen: an undo would change the live board, unseen.
  const undo = useCallback(() => void (enabled && undoManager.undo()), [undoManager, enabled]);
  const redo = useCallback(() => void (enabled && undoManager.redo()), [undoManager, enabled]);

  useEffect(() => {
    if (session.readOnly) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || inTextField(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session.readOnly, undo, redo]);

  return { canUndo: enabled && (state & 1) !== 0, canRedo: enabled && (state & 2) !== 0, undo, redo };
}
