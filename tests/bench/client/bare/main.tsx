// The bare React Flow app the client bench compares Archboard's canvas with: the canonical
// set-up of the React Flow docs — nodes and edges in useState, applyNodeChanges and
// applyEdgeChanges — with default nodes (boxes sized like Archboard's service nodes, see
// index.html) and default smoothstep edges. The board comes from `/board.json` (same
// query string as the page: `?n=1000`), the grid the bench gives Archboard too. The
// viewport starts as Archboard's does ({ x: 0, y: 0, zoom: 1 }); the bench then sets the
// same one in both apps. Built by scripts/bench-client.mjs with tests/bench/client/vite.config.mjs;
// typecheck with `node node_modules/typescript/bin/tsc -p tests/bench/client/tsconfig.json`
// (tests/tsconfig.json takes .ts files only).
//
// With `&moves=<run>` the page also takes moves from the bench over a WebSocket (`/moves`): each
// message a JSON list of [id, x, y], applied the canonical way, `setNodes` with the moved
// nodes replaced. The bench's anchor for Archboard's remote edits.
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Position,
  ReactFlow,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';

interface BenchBoard {
  nodes: { id: string; x: number; y: number; label: string }[];
  edges: { id: string; source: string; target: string }[];
}

function Flow({ board }: { board: BenchBoard }) {
  const [nodes, setNodes] = useState<Node[]>(() =>
    board.nodes.map((n) => ({
      id: n.id,
      position: { x: n.x, y: n.y },
      data: { label: n.label },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    })),
  );
  const [edges, setEdges] = useState<Edge[]>(() =>
    board.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, type: 'smoothstep' })),
  );
  const onNodesChange = useCallback((changes: NodeChange[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes, es)), []);
  useEffect(() => {
    const run = new URLSearchParams(location.search).get('moves');
    if (!run) return;
    const socket = new WebSocket(`ws://${location.host}/moves?moves=${encodeURIComponent(run)}`);
    socket.onmessage = (event) => {
      const moves = new Map(
        (JSON.parse(String(event.data)) as [string, number, number][]).map(([id, x, y]) => [id, { x, y }]),
      );
      setNodes((ns) => ns.map((n) => (moves.has(n.id) ? { ...n, position: moves.get(n.id)! } : n)));
    };
    return () => socket.close();
  }, []);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      minZoom={0.1}
      maxZoom={2.5}
      defaultViewport={{ x: 0, y: 0, zoom: 1 }}
    />
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const response = await fetch(`/board.json${location.search}`);
if (!response.ok) throw new Error(`/board.json answered ${response.status}`);
const board = (await response.json()) as BenchBoard;
createRoot(root).render(
  <StrictMode>
    <Flow board={board} />
  </StrictMode>,
);
