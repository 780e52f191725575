import { useEffect, useMemo, useRef } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  type EdgeTypes,
  type NodeTypes,
  useReactFlow,
} from '@xyflow/react';
import { catalogEntry, type Board } from '@archboard/shared';
import { RemoteCursors } from '../presence/RemoteCursors';
import { useCursorBroadcast } from '../presence/useCursorBroadcast';
import { usePeerSelections } from '../presence/usePeers';
import { useSession } from '../sync/SessionContext';
import { useBoard } from '../sync/useBoard';
import { useConnection } from '../sync/useConnection';
import { CanvasReadOnlyContext } from './CanvasReadOnly';
import { ArchEdge } from './edges/ArchEdge';
import { EmptyCanvasHint } from './EmptyCanvasHint';
import { FlowMapper } from './FlowMapper';
import { GRID, type ArchFlowEdge, type ArchFlowNode } from './flowTypes';
import { GroupNode } from './nodes/GroupNode';
import { NoteNode } from './nodes/NoteNode';
import { ServiceNode } from './nodes/ServiceNode';
import { useCanvasHandlers } from './useCanvasHandlers';
import { useFitOnLoad } from './useFitOnLoad';
import { useViewState, useViewStore } from './ViewStoreContext';
import '@xyflow/react/dist/style.css';
import './canvas.css';

const nodeTypes: NodeTypes = { service: ServiceNode, group: GroupNode, note: NoteNode };
const edgeTypes: EdgeTypes = { arch: ArchEdge };
const DELETE_KEYS = ['Backspace', 'Delete'];
const NO_SELECTIONS: ReadonlyMap<string, string> = new Map();
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

const minimapColor = (node: ArchFlowNode) =>
  node.type === 'group' ? 'transparent' : node.type === 'note' ? '#fde68a' : '#94a3b8';
const minimapStroke = (node: ArchFlowNode) =>
  node.type === 'group' ? (catalogEntry(node.data.kind)?.color ?? '#64748b') : 'transparent';

/**
 * The diagram: React Flow, fed only from the doc plus local view state. With `preview`
 * (a version from history) it shows that board instead, read-only for everyone.
 */
export function Canvas({ preview }: { preview?: Board | undefined }) {
  const session = useSession();
  const readOnly = session.readOnly || preview !== undefined;
  const live = useBoard(session);
  const board = preview ?? live;
  const viewStore = useViewStore();
  const view = useViewState(viewStore);
  const mapper = useMemo(() => new FlowMapper(), []);
  const handlers = useCanvasHandlers(session, viewStore, board, readOnly);
  const cursor = useCursorBroadcast(session.awareness);
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

  // Forget view state of deleted elements, and tell others what this user has selected.
  useEffect(() => {
    viewStore.prune(new Set(board.nodes.map((n) => n.id)), new Set(board.edges.map((e) => e.id)));
  }, [viewStore, board]);
  useEffect(() => {
    if (!preview) session.awareness.setLocalStateField('selection', [...view.selectedNodes]);
  }, [session, view.selectedNodes, preview]);

  return (
    <CanvasReadOnlyContext.Provider value={preview !== undefined}>
      <div
        className={`canvas${preview ? ' canvas--preview' : ''}`}
        data-testid="canvas"
        data-preview={preview ? 'true' : undefined}
        onDragOver={handlers.onDragOver}
        onDrop={handlers.onDrop}
        onPointerMove={cursor.onPointerMove}
        onPointerLeave={cursor.onPointerLeave}
      >
        <ReactFlow<ArchFlowNode, ArchFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={handlers.onNodesChange}
          onEdgesChange={handlers.onEdgesChange}
          onConnect={handlers.onConnect}
          isValidConnection={handlers.isValidConnection}
          onNodeDragStart={handlers.onNodeDragStart}
          onNodeDragStop={handlers.onNodeDragStop}
          onEdgeDoubleClick={handlers.onEdgeDoubleClick}
          connectionMode={ConnectionMode.Loose}
          connectionLineType={ConnectionLineType.SmoothStep}
          connectionRadius={28}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elementsSelectable
          deleteKeyCode={readOnly ? null : DELETE_KEYS}
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          snapToGrid
          snapGrid={[GRID, GRID]}
          zoomOnDoubleClick={false}
          elevateNodesOnSelect={false}
          minZoom={0.1}
          maxZoom={2.5}
          defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        >
          <Background variant={BackgroundVariant.Dots} gap={16} size={1.3} color="#c3cad6" />
          <MiniMap<ArchFlowNode>
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeStrokeColor={minimapStroke}
            nodeStrokeWidth={3}
            nodeBorderRadius={4}
            maskColor="rgba(241, 245, 249, 0.7)"
          />
          <Controls showInteractive={false} />
          {!preview && <RemoteCursors session={session} />}
          <FitOnLoad nodeCount={board.nodes.length} />
          <FitOnPreview preview={preview} />
          {empty && <EmptyCanvasHint readOnly={readOnly} />}
        </ReactFlow>
      </div>
    </CanvasReadOnlyContext.Provider>
  );
}

/** Frames a version when it is opened, and the live board again when it is closed. */
function FitOnPreview({ preview }: { preview: Board | undefined }) {
  const { fitView } = useReactFlow();
  const shown = useRef(false);
  useEffect(() => {
    if (!preview && !shown.current) return;
    shown.current = true;
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1.1, duration: 200 }));
    return () => cancelAnimationFrame(frame);
  }, [preview, fitView]);
  return null;
}

function FitOnLoad({ nodeCount }: { nodeCount: number }) {
  useFitOnLoad(nodeCount);
  return null;
}
