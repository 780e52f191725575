import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import {
  addTextLabel,
  alignNodes,
  autoLayout,
  bringToFront,
  copySelection,
  distributeNodes,
  duplicateSelection,
  parseClipboard,
  pasteClipboard,
  pasteTextLabel,
  removeEdges,
  removeNodes,
  sendToBack,
  serializeClipboard,
  type AlignEdge,
  type Board,
  type DistributeAxis,
  type EdgeId,
  type ExportDoc,
  type LayoutDirection,
  type NodeId,
} from '@archboard/shared';
import type { BoardSession } from '../../sync/BoardSession';
import { inTextField } from '../../inTextField';
import type { ViewStore } from '../ViewStore';
import { requestLabelEdit } from '../nodes/labelEditRequests';

/** What was copied last in this tab: used when the system clipboard cannot be read (no permission). */
let lastCopied: string | undefined;

/**
 * The editing moves people expect of a design tool, on the current selection: clipboard
 * (through the system clipboard, so copy and paste work across boards and tabs; pasted at
 * the pointer), duplicate, delete, z-order, align, distribute and auto-layout. Each is one
 * shared operation in one transaction of this tab's origin: one undo step, seen by
 * everyone at once.
 */
export function useEditing(session: BoardSession, view: ViewStore, board: Board, enabled: boolean) {
  const { screenToFlowPosition } = useReactFlow();
  const store = useStoreApi();
  const latest = useRef(board);
  useEffect(() => {
    latest.current = board;
  });
  /** Where the pointer is over the canvas (screen coordinates), or undefined when it is elsewhere. */
  const pointer = useRef<{ x: number; y: number } | undefined>(undefined);

  const selected = useCallback((): NodeId[] => [...view.getSnapshot().selectedNodes] as NodeId[], [view]);

  /** Runs one edit as its own undo step. */
  const step = useCallback(
    (edit: () => void) => {
      if (!enabled) return;
      session.undoManager.stopCapturing();
      edit();
      session.undoManager.stopCapturing();
    },
    [session, enabled],
  );

  const select = useCallback(
    (nodes: readonly string[]) =>
      view.update((s) => ({ ...s, selectedNodes: new Set(nodes), selectedEdges: new Set() })),
    [view],
  );

  const copyText = useCallback((): string | undefined => {
    const ids = selected();
    if (ids.length === 0) return undefined;
    return (lastCopied = serializeClipboard(copySelection(latest.current, ids)));
  }, [selected]);

  const remove = useCallback(() => {
    const { selectedNodes, selectedEdges } = view.getSnapshot();
    step(() => {
      session.doc.transact(() => {
        removeNodes(session.doc, [...selectedNodes] as NodeId[], session.origin);
        removeEdges(session.doc, [...selectedEdges] as EdgeId[], session.origin);
      }, session.origin);
    });
  }, [session, view, step]);

  /**
   * Pastes an Archboard copy, or else plain text as a free text label (centred on the
   * pointer, or on the middle of the view when the pointer is elsewhere). Whether anything
   * was pasted.
   */
  const pasteText = useCallback(
    (text: string, at?: { x: number; y: number }) => {
      const data = parseClipboard(text);
      const where = at ?? (pointer.current ? screenToFlowPosition(pointer.current) : undefined);
      let pasted: readonly string[] = [];
      if (data.ok) {
        step(() => {
          const result = pasteClipboard(session.doc, data.value as ExportDoc, where, session.origin);
          if (result.ok) pasted = result.value.nodes;
        });
      } else {
        if (text.trim() === '') return false;
        const pane = store.getState().domNode?.getBoundingClientRect();
        const centre =
          where ?? (pane && screenToFlowPosition({ x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 }));
        if (!centre) return false;
        step(() => {
          const result = pasteTextLabel(session.doc, text, centre, session.origin);
          if (result.ok && result.value) pasted = [result.value];
        });
      }
      select(pasted);
      return pasted.length > 0 || data.ok;
    },
    [session, step, select, screenToFlowPosition, store],
  );

  // The system clipboard's own events: Ctrl/Cmd+C, X and V outside text fields.
  useEffect(() => {
    if (!enabled) return;
    const onCopy = (event: ClipboardEvent) => {
      if (inTextField(event.target)) return;
      const text = copyText();
      if (!text || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
      if (event.type === 'cut') remove();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (inTextField(event.target)) return;
      const text = event.clipboardData?.getData('text/plain');
      if (text && pasteText(text)) event.preventDefault();
    };
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [enabled, copyText, pasteText, remove]);

  return useMemo(
    () => ({
      /** Where a keyboard paste lands: call with the canvas's pointer moves and leaves. */
      trackPointer(event: { clientX: number; clientY: number }) {
        pointer.current = { x: event.clientX, y: event.clientY };
      },
      forgetPointer() {
        pointer.current = undefined;
      },
      /** For menus: the Clipboard API (a menu click is not a clipboard event). */
      async copy(cut = false) {
        const text = copyText();
        if (!text) return;
        await navigator.clipboard
          ?.writeText(text)
          .catch((e: unknown) => console.info('archboard: clipboard write refused; kept in this tab', e));
        if (cut) remove();
      },
      async paste(at?: { x: number; y: number }) {
        const text = await (navigator.clipboard?.readText() ?? Promise.reject(new Error('no clipboard'))).catch(
          () => lastCopied, // reading needs a permission; this tab's own last copy still pastes
        );
        if (text) pasteText(text, at);
      },
      /**
       * A free text label centred on a point of the screen (a double-click on the canvas),
       * open for typing; inside `parent` when the point is in that container.
       */
      addText(at: { x: number; y: number }, parent?: NodeId) {
        let made: readonly string[] = [];
        step(() => {
          const result = addTextLabel(session.doc, '', screenToFlowPosition(at), parent, session.origin);
          if (result.ok) {
            requestLabelEdit(result.value);
            made = [result.value];
          }
        });
        select(made);
      },
      duplicate() {
        const ids = selected();
        if (ids.length === 0) return;
        let made: readonly string[] = [];
        step(() => {
          const result = duplicateSelection(session.doc, ids, session.origin);
          if (result.ok) made = result.value.nodes;
        });
        select(made);
      },
      remove,
      align: (edge: AlignEdge) => step(() => void alignNodes(session.doc, selected(), edge, session.origin)),
      distribute: (axis: DistributeAxis) =>
        step(() => void distributeNodes(session.doc, selected(), axis, session.origin)),
      toFront: () => step(() => void bringToFront(session.doc, selected(), session.origin)),
      toBack: () => step(() => void sendToBack(session.doc, selected(), session.origin)),
      layout: (direction: LayoutDirection, whole: boolean) =>
        step(
          () => void autoLayout(session.doc, whole ? { direction } : { direction, ids: selected() }, session.origin),
        ),
      selectAll: () =>
        view.update((s) => ({
          ...s,
          selectedNodes: new Set(latest.current.nodes.map((n) => n.id)),
          selectedEdges: new Set(latest.current.edges.map((e) => e.id)),
        })),
      select,
    }),
    [session, view, step, select, selected, copyText, pasteText, remove, screenToFlowPosition],
  );
}

export type Editing = ReturnType<typeof useEditing>;
