import { Handle, Position } from '@xyflow/react';

const SIDES = [
  { id: 'top', position: Position.Top },
  { id: 'right', position: Position.Right },
  { id: 'bottom', position: Position.Bottom },
  { id: 'left', position: Position.Left },
] as const;

/**
 * One handle per side. The canvas runs in loose connection mode, so every handle both
 * starts and ends edges: an edge can be drawn from any side to any side.
 */
export function NodeHandles({ connectable }: { connectable: boolean }) {
  return (
    <>
      {SIDES.map(({ id, position }) => (
        <Handle
          key={id}
          id={id}
          type="source"
          position={position}
          isConnectable={connectable}
          className={`arch-handle arch-handle--${id}`}
          data-testid={`handle-${id}`}
        />
      ))}
    </>
  );
}
