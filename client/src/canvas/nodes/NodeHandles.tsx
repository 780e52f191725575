import { createContext, memo, useContext, useEffect, useRef, useState } from 'react';
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
 * The fixed strings of each side's handle, made once: a board of 1,000 nodes has 4,000
 * handles, and strings built per render (and kept by both of React's copies of each fiber)
 * came to about 1.5 MB of heap.
 */
const STATIC_SIDES = SIDES.map(({ id, position }) => {
  const base = `react-flow__handle react-flow__handle-${position} nodrag nopan arch-handle arch-handle--${id} source`;
  return {
    id,
    position,
    testId: `handle-${id}`,
    liveClass: `arch-handle arch-handle--${id}`,
    className: base,
    connectableClass: `${base} connectable connectablestart connectableend connectionindicator`,
  };
});

/**
 * One handle per side. The canvas runs in loose connection mode, so every handle both
 * starts and ends edges: an edge can be drawn from any side to any side.
 *
 * React Flow's <Handle> subscribes to its store, and a board of 1,000 nodes has 4,000 of
 * them, each run on every store change (every frame of a drag). So a node shows real
 * handles only while they can be used: when it is hovered or selected, or while a
 * connection is being drawn (to end on); not when the pointer arrives with a button down.
 * Otherwise it shows plain elements of the same classes, place and data attributes, which
 * React Flow measures and finds exactly as it does real ones (edge ends, the closest
 * handle while connecting), at no cost per frame.
 * Those are plain elements of this component (no component of their own), and the whole
 * is a memo: the node re-renders when measured or renamed, its handles need not.
 */
export const NodeHandles = memo(function NodeHandles({
  connectable,
  selected,
}: {
  connectable: boolean;
  selected: boolean;
}) {
  const connecting = useContext(ConnectingContext);
  const nodeId = useNodeId();
  const [hovered, setHovered] = useState(false);
  // The first side's element, live or resting, finds the node: no element of its own for that.
  const probe = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = probe.current?.closest<HTMLElement>('.react-flow__node');
    if (!node) return;
    // Not while a button is down: a node dragged across others (or a selection box drawn
    // over them) would mount and unmount their handles at every one it passes. Once the
    // button is up (a connection ended on this node), the next move shows them.
    const over = (event: PointerEvent) => {
      if (event.buttons === 0) setHovered(true);
    };
    const leave = () => setHovered(false);
    node.addEventListener('pointerenter', over);
    node.addEventListener('pointermove', over);
    node.addEventListener('pointerleave', leave);
    return () => {
      node.removeEventListener('pointerenter', over);
      node.removeEventListener('pointermove', over);
      node.removeEventListener('pointerleave', leave);
    };
  }, []);
  const live = connectable && (hovered || selected || connecting);
  return (
    <>
      {STATIC_SIDES.map((side, index) =>
        live ? (
          <Handle
            key={side.id}
            ref={index === 0 ? probe : undefined}
            id={side.id}
            type="source"
            position={side.position}
            isConnectable={connectable}
            className={side.liveClass}
            data-testid={side.testId}
          />
        ) : (
          <div
            key={side.id}
            ref={index === 0 ? probe : undefined}
            data-handleid={side.id}
            data-nodeid={nodeId}
            data-handlepos={side.position}
            data-id={`${FLOW_ID}-${nodeId}-${side.id}-source`}
            data-testid={side.testId}
            className={connectable ? side.connectableClass : side.className}
          />
        ),
      )}
    </>
  );
});
