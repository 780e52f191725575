import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import type { Connection, EdgeChange, NodeChange, OnConnectEnd, OnNodeDrag } from '@xyflow/react';
import { connect, connectionProblem, type Board, type EdgeId, type NodeId } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { handleEdgeChanges, handleNodeChanges, type ChangeContext } from './changeHandlers';
import { FrameBatcher } from './FrameBatcher';
import { dropProbe } from './dropTarget';
import type { ArchFlowEdge, ArchFlowNode } from './flowTypes';
import { isPaletteDrag, PALETTE_DRAG_TYPE } from './paletteDrag';
import { reparentDragged } from './reparentDragged';
import { useAddComponent } from './useAddComponent';
import type { ViewStore } from './ViewStore';

/**
 * The canvas's event handlers: each turns a React Flow gesture into a shared operation
 * (with this tab's origin) or a local view-state update. None of them holds a copy of
 * the document.
 */
export function useCanvasHandlers(session: BoardSession, view: ViewStore, board: Board, readOnly: boolean) {
  const { doc, origin, undoManager } = session;
  const batcher = useMemo(() => new FrameBatcher(doc, origin), [doc, origin]);
  useEffect(() => () => batcher.destroy(), [batcher]);
  const ctx: ChangeContext = useMemo(
    () => ({ doc, origin, readOnly, view, batcher }),
    [doc, origin, readOnly, view, batcher],
  );
  const addComponent = useAddComponent();

  const onNodesChange = useCallback((changes: NodeChange<ArchFlowNode>[]) => handleNodeChanges(changes, ctx), [ctx]);
  const onEdgesChange = useCallback((changes: EdgeChange<ArchFlowEdge>[]) => handleEdgeChanges(changes, ctx), [ctx]);

  // Read through a ref: a callback that changed with every board change would make React
  // Flow update its store (and every node's and edge's selector) on every frame of a drag.
  const latestBoard = useRef(board);
  useEffect(() => {
    latestBoard.current = board;
  });
  const isValidConnection = useCallback((c: Connection | ArchFlowEdge) => {
    const kindOf = (id: string) => latestBoard.current.nodes.find((n) => n.id === id)?.kind ?? '';
    return (
      connectionProblem({ id: c.source, kind: kindOf(c.source) }, { id: c.target, kind: kindOf(c.target) }) ===
      undefined
    );
  }, []);
  const onConnect = useCallback(
    (c: Connection) => {
      if (readOnly) return;
      undoManager.stopCapturing();
      const result = connect(
        doc,
        {
          source: c.source as NodeId,
          target: c.target as NodeId,
          sourceHandle: c.sourceHandle,
          targetHandle: c.targetHandle,
        },
        origin,
      );
      if (!result.ok) console.warn(`archboard: could not connect: ${result.error.message}`);
      undoManager.stopCapturing();
    },
    [doc, origin, readOnly, undoManager],
  );
  // A connection let go over a node's body, away from any handle, joins that node too (as
  // draw.io and Excalidraw bind an arrow dropped on a shape), with no stored side at that end:
  // the edge meets the side facing its source wherever the two nodes move. Not a container's
  // body, where the other nodes live: a drop there that missed one would join the container.
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (readOnly || state.isValid !== null || !state.fromNode) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const over = point && document.elementFromPoint(point.clientX, point.clientY);
      const node = over?.closest('.react-flow__node');
      const target = node?.getAttribute('data-id');
      if (!node || !target || node.classList.contains('react-flow__node-group')) return;
      const c = { source: state.fromNode.id, target, sourceHandle: state.fromHandle?.id ?? null, targetHandle: null };
      if (isValidConnection(c)) onConnect(c);
    },
    [readOnly, isValidConnection, onConnect],
  );

  // A drag is one undo step from pointer down to pointer up, however long it pauses. While
  // it lasts, the container the grabbed node would join if let go is outlined (draw.io's
  // drop target), so a drop into a subnet or out of it is no surprise.
  const probe = useRef<ReturnType<typeof dropProbe>>(undefined);
  const showDropTarget = useCallback(
    (target: string | null) => view.update((s) => (s.dropTarget === target ? s : { ...s, dropTarget: target })),
    [view],
  );
  const onNodeDragStart: OnNodeDrag<ArchFlowNode> = useCallback(
    (_event, node, nodes) => {
      session.beginGesture();
      probe.current = readOnly
        ? undefined
        : dropProbe(
            latestBoard.current,
            node.id,
            nodes.map((n) => n.id),
          );
    },
    [session, readOnly],
  );
  const onNodeDrag: OnNodeDrag<ArchFlowNode> = useCallback(
    (_event, node) => {
      const size = node.measured;
      if (!probe.current || !size?.width || !size.height) return;
      showDropTarget(probe.current(node.position, { width: size.width, height: size.height }));
    },
    [showDropTarget],
  );
  const onNodeDragStop: OnNodeDrag<ArchFlowNode> = useCallback(
    (_event, _node, nodes) => {
      probe.current = undefined;
      showDropTarget(null);
      if (readOnly) return session.endGesture();
      batcher.flush();
      const measured = view.getSnapshot().measured;
      reparentDragged(
        doc,
        nodes.map((n) => n.id),
        (id) => measured.get(id),
        origin,
      );
      session.endGesture();
    },
    [batcher, doc, origin, readOnly, session, view, showDropTarget],
  );

  const onEdgeDoubleClick = useCallback(
    (_event: unknown, edge: ArchFlowEdge) => {
      if (!readOnly) view.update((s) => ({ ...s, editingEdge: edge.id as EdgeId }));
    },
    [readOnly, view],
  );

  const onDragOver = useCallback(
    (event: DragEvent) => {
      if (readOnly || !isPaletteDrag(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    [readOnly],
  );
  const onDrop = useCallback(
    (event: DragEvent) => {
      if (readOnly || !isPaletteDrag(event)) return;
      event.preventDefault();
      const kind = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      addComponent(kind, { x: event.clientX, y: event.clientY });
    },
    [readOnly, addComponent],
  );

  return {
    onNodesChange,
    onEdgesChange,
    onConnect,
    onConnectEnd,
    isValidConnection,
    onNodeDragStart,
    onNodeDrag,
    onNodeDragStop,
    onEdgeDoubleClick,
    onDragOver,
    onDrop,
  };
}
