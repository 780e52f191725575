import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  ConnectionMode,
  Controls,
  ReactFlow,
  type EdgeTypes,
  type NodeTypes,
  useReactFlow,
  useStore,
  type ReactFlowState,
} from '@xyflow/react';
import type { Board, NodeId } from '@archboard/shared';
import { RemoteCursors } from '../presence/RemoteCursors';
import { useCursorBroadcast } from '../presence/useCursorBroadcast';
import { useFollowMode } from '../presence/useFollowMode';
import { usePeerSelections } from '../presence/usePeers';
import { useSession } from '../sync/SessionContext';
import { useBoard } from '../sync/useBoard';
import { useConnection } from '../sync/useConnection';
import { CanvasReadOnlyContext } from './CanvasReadOnly';
import { ArchEdge } from './edges/ArchEdge';
import { CanvasMiniMap } from './CanvasMiniMap';
import { EmptyCanvasHint } from './EmptyCanvasHint';
import { FIT_VIEW } from './fitView';
import { FlowMapper } from './FlowMapper';
import { GRID, type ArchFlowEdge, type ArchFlowNode } from './flowTypes';
import { editLabelOf } from './nodes/EditableLabel';
import { GroupNode } from './nodes/GroupNode';
import { NoteNode } from './nodes/NoteNode';
import { ConnectingContext, FLOW_ID } from './nodes/NodeHandles';
import { ServiceNode } from './nodes/ServiceNode';
import { ShapeNode } from './nodes/ShapeNode';
import { useCanvasHandlers } from './useCanvasHandlers';
import { useCanvasKeys } from './useCanvasKeys';
import { ContextMenu, type MenuAt } from './editing/ContextMenu';
import { useEditing } from './editing/useEditing';
import { useFitOnLoad } from './useFitOnLoad';
import { useKeepCentre } from './useKeepCentre';
import { useViewState, useViewStore } from './ViewStoreContext';
import '@xyflow/react/dist/style.css';
import './canvas.css';

const nodeTypes: NodeTypes = { service: ServiceNode, group: GroupNode, note: NoteNode, shape: ShapeNode };
const edgeTypes: EdgeTypes = { arch: ArchEdge };
const DELETE_KEYS = ['Backspace', 'Delete'];
const NO_SELECTIONS: ReadonlyMap<string, string> = new Map();
const connectionInProgress = (s: ReactFlowState) => s.connection.inProgress;
const SNAP_GRID: [number, number] = [GRID, GRID];
const DEFAULT_VIEWPORT = { x: 0, y: 0, zoom: 1 };
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

/**
 * The diagram: React Flow, fed only from the doc plus local view state. With `preview`
 * (a version from history) it shows that board instead, read-only for everyone.
 */
/** How many selected ids a page shows others (the rest of a huge selection stays local). */
const PUBLISHED_SELECTION = 200;

export function Canvas({ preview, previewKey }: { preview?: Board | undefined; previewKey?: string | undefined }) {
  const session = useSession();
  const readOnly = session.readOnly || preview !== undefined;
  const live = useBoard(session);
  const board = preview ?? live;
  const viewStore = useViewStore();
  const view = useViewState(viewStore);
  const mapper = useMemo(() => new FlowMapper(), []);
  const handlers = useCanvasHandlers(session, viewStore, board, readOnly);
  const cursor = useCursorBroadcast(session.awareness);
  useFollowMode(session.awareness);
  const editing = useEditing(session, viewStore, board, !readOnly);
  useCanvasKeys(board, viewStore, readOnly ? {} : { duplicate: editing.duplicate }, true);
  const { screenToFlowPosition } = useReactFlow();
  // While a connection is drawn, every node shows real handles to end it on (NodeHandles).
  const connecting = useStore(connectionInProgress);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  // Every prop handed to ReactFlow must keep its identity across renders: a new one makes
  // React Flow update its store, which runs every node's, edge's and handle's selector.
  const openMenu = useCallback(
    (on: MenuAt['on'], event: ReactMouseEvent | MouseEvent, id?: string) => {
      event.preventDefault();
      if (readOnly) return;
      const selectedNodes = viewStore.getSnapshot().selectedNodes;
      let nodes = selectedNodes.size;
      if (on === 'node' && id && !selectedNodes.has(id)) {
        editing.select([id]);
        nodes = 1;
      }
      if (on === 'edge' && id)
        viewStore.update((s) => ({ ...s, selectedNodes: new Set(), selectedEdges: new Set([id]) }));
      if (on === 'edge') nodes = 0;
      const flow = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      setMenu({ x: event.clientX, y: event.clientY, on, nodes, flow });
    },
    [readOnly, viewStore, editing, screenToFlowPosition],
  );
  const menuHandlers = useMemo(
    () => ({
      onNodeContextMenu: (event: ReactMouseEvent, node: ArchFlowNode) => openMenu('node', event, node.id),
      onEdgeContextMenu: (event: ReactMouseEvent, edge: ArchFlowEdge) => openMenu('edge', event, edge.id),
      onPaneContextMenu: (event: ReactMouseEvent | MouseEvent) => openMenu('pane', event),
      onSelectionContextMenu: (event: ReactMouseEvent) => openMenu('node', event),
    }),
    [openMenu],
  );
  const { serverSynced, localLoaded } = useConnection(session);
  const empty = board.nodes.length === 0 && (serverSynced || localLoaded);

  const livePeerSelections = usePeerSelections(session);
  // Others' selections are on the live board, not on a version from history.
  const peerSelections = preview ? NO_SELECTIONS : livePeerSelections;
  const nodes = useMemo(
    () => mapper.nodes(board, view, readOnly, peerSelections),
    [mapper, board, view, readOnly, peerSelections],
  );
  const edges = useMemo(() => mapper.edges(board, view, readOnly), [mapper, board, view, readOnly]);

  // Forget view state of deleted elements (when elements went away, not on every move), and
  // tell others what this user has selected.
  const liveNodes = live.nodes.length;
  const liveEdges = live.edges.length;
  useEffect(() => {
    viewStore.prune(new Set(live.nodes.map((n) => n.id)), new Set(live.edges.map((e) => e.id)));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately only when the counts change
  }, [viewStore, liveNodes, liveEdges]);
  useEffect(() => {
    // At most PUBLISHED_SELECTION ids: a presence state is capped in size (MAX_PRESENCE_BYTES),
    // and a state over it would be dropped, freezing this person's cursor for everyone.
    if (!preview)
      session.awareness.setLocalStateField('selection', [...view.selectedNodes].slice(0, PUBLISHED_SELECTION));
  }, [session, view.selectedNodes, preview]);

  return (
    <CanvasReadOnlyContext.Provider value={preview !== undefined}>
      <ConnectingContext.Provider value={connecting}>
        <div
          className={`canvas${preview ? ' canvas--preview' : ''}`}
          data-testid="canvas"
          data-preview={preview ? 'true' : undefined}
          onDragOver={handlers.onDragOver}
          onDrop={handlers.onDrop}
          onPointerMove={(event) => {
            cursor.onPointerMove(event);
            editing.trackPointer(event);
          }}
          onPointerLeave={() => {
            cursor.onPointerLeave();
            editing.forgetPointer();
          }}
          onDoubleClick={(event) => {
            // On the empty canvas or a container's empty body (not a node, an edge, a panel, a
            // container's name): a text label there, open for typing. On a node: rename it.
            const target = event.target instanceof Element ? event.target : null;
            if (readOnly || !target) return;
            const at = { x: event.clientX, y: event.clientY };
            if (target.classList.contains('react-flow__pane')) return editing.addText(at);
            if (target.closest('.react-flow__resize-control, .react-flow__handle')) return;
            const node = target.closest('.react-flow__node:not(.react-flow__node-group)');
            if (node) return void editLabelOf(node);
            const container = target.closest('.react-flow__node-group');
            const id = container?.getAttribute('data-id');
            if (id && target.closest('.arch-group__header') === null) editing.addText(at, id as NodeId);
          }}
        >
          <ReactFlow<ArchFlowNode, ArchFlowEdge>
            id={FLOW_ID}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={handlers.onNodesChange}
            onEdgesChange={handlers.onEdgesChange}
            onConnect={handlers.onConnect}
            onConnectEnd={handlers.onConnectEnd}
            isValidConnection={handlers.isValidConnection}
            onNodeDragStart={handlers.onNodeDragStart}
            onNodeDrag={handlers.onNodeDrag}
            onNodeDragStop={handlers.onNodeDragStop}
            onEdgeDoubleClick={handlers.onEdgeDoubleClick}
            onNodeContextMenu={menuHandlers.onNodeContextMenu}
            onEdgeContextMenu={menuHandlers.onEdgeContextMenu}
            onPaneContextMenu={menuHandlers.onPaneContextMenu}
            onSelectionContextMenu={menuHandlers.onSelectionContextMenu}
            connectionMode={ConnectionMode.Loose}
            connectionLineType={ConnectionLineType.SmoothStep}
            connectionRadius={28}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            elementsSelectable
            deleteKeyCode={readOnly ? null : DELETE_KEYS}
            multiSelectionKeyCode={MULTI_SELECT_KEYS}
            snapToGrid
            snapGrid={SNAP_GRID}
            zoomOnDoubleClick={false}
            elevateNodesOnSelect={false}
            minZoom={0.1}
            maxZoom={2.5}
            defaultViewport={DEFAULT_VIEWPORT}
          >
            <Background variant={BackgroundVariant.Dots} gap={16} size={1.3} color="#c3cad6" />
            <CanvasMiniMap />
            <Controls showInteractive={false} fitViewOptions={FIT_VIEW} />
            {!preview && <RemoteCursors session={session} />}
            <FitOnLoad nodeCount={board.nodes.length} />
            <KeepCentre />
            <FitOnPreview shown={preview ? (previewKey ?? 'preview') : undefined} />
            {empty && <EmptyCanvasHint seeing={preview ? 'preview' : readOnly ? 'view' : 'edit'} />}
            {menu && <ContextMenu at={menu} editing={editing} onClose={closeMenu} />}
            {view.dragging.size > 0 && <div className="canvas-drag-shield" data-testid="drag-shield" />}
          </ReactFlow>
        </div>
      </ConnectingContext.Provider>
    </CanvasReadOnlyContext.Provider>
  );
}

/**
 * Frames a preview when it is opened (`shown`: which one, e.g. a version's id), and the live
 * board again when it is closed. A preview whose board changes under the same key (a
 * replay being played or scrubbed) keeps the person's own pan and zoom.
 */
function FitOnPreview({ shown }: { shown: string | undefined }) {
  const { fitView } = useReactFlow();
  const opened = useRef(false);
  useEffect(() => {
    if (shown === undefined && !opened.current) return;
    opened.current = true;
    const frame = requestAnimationFrame(() => void fitView({ ...FIT_VIEW, duration: 200 }));
    return () => cancelAnimationFrame(frame);
  }, [shown, fitView]);
  return null;
}

function KeepCentre() {
  useKeepCentre();
  return null;
}

function FitOnLoad({ nodeCount }: { nodeCount: number }) {
  useFitOnLoad(nodeCount);
  return null;
}
