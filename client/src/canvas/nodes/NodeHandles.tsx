import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { Handle, Position, useNodeId } from '@xyflow/react';

const SIDES = [
  { id: 'top', position: Position.Top },
  { id: 'right', position: Position.Right },
  { id: 'bottom', position: Position.Bottom },
  { id: 'left', position: Position.Left },
] as const;

/** The canvas's React Flow id: the `id` prop of <ReactFlow>, part of every handle's data-id. */
export const FLOW_ID = 'board';

/** True while a connection is being drawn anywhere on the canvas (given by the Canvas). */
export const ConnectingContext = createContext(false);

/**
 * One handle per side. The canvas runs in loose connection mode, so every handle both
 * starts and ends edges: an edge can be drawn from any side to any side.
 *
 * React Flow's <Handle> subscribes to its store, and a board of 1,000 nodes has 4,000 of
 * them, each run on every store change (every frame of a drag). So a node shows real
 * handles only while they can be used: when it is hovered or selected, or while a
 * connection is being drawn (to end on). Otherwise it shows plain elements of the same
 * classes, place and data attributes, which React Flow measures and finds exactly as it
 * does real ones (edge ends, the closest handle while connecting), at no cost per frame.
 */
export function NodeHandles({ connectable, selected }: { connectable: boolean; selected: boolean }) {
  const connecting = useContext(ConnectingContext);
  const [hovered, setHovered] = useState(false);
  const probe = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const node = probe.current?.closest('.react-flow__node');
    if (!node) return;
    const enter = () => setHovered(true);
    const leave = () => setHovered(false);
    node.addEventListener('pointerenter', enter);
    node.addEventListener('pointerleave', leave);
    return () => {
      node.removeEventListener('pointerenter', enter);
      node.removeEventListener('pointerleave', leave);
    };
  }, []);
  const live = connectable && (hovered || selected || connecting);
  return (
    <>
      <span ref={probe} hidden />
      {SIDES.map(({ id, position }) =>
        live ? (
          <Handle
            key={id}
            id={id}
            type="source"
            position={position}
            isConnectable={connectable}
            className={`arch-handle arch-handle--${id}`}
            data-testid={`handle-${id}`}
          />
        ) : (
          <StaticHandle key={id} id={id} position={position} connectable={connectable} />
        ),
      )}
    </>
  );
}

/** A handle's element without React Flow's component: same markup, no store subscription. */
function StaticHandle({ id, position, connectable }: { id: string; position: Position; connectable: boolean }) {
  const nodeId = useNodeId();
  const states = connectable ? ' connectable connectablestart connectableend connectionindicator' : '';
  return (
    <div
      data-handleid={id}
      data-nodeid={nodeId}
      data-handlepos={position}
      data-id={`${FLOW_ID}-${nodeId}-${id}-source`}
      data-testid={`handle-${id}`}
      className={`react-flow__handle react-flow__handle-${position} nodrag nopan arch-handle arch-handle--${id} source${states}`}
    />
  );
}
