import { memo, type CSSProperties } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import type { NoteFlowNode } from '../flowTypes';
import { EditableLabel } from './EditableLabel';
import { useNodeActions } from './useNodeActions';

/** A sticky note: free multiline text for assumptions, numbers and open questions. */
function NoteNodeView({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const { editable, rename, editBoundary, onResizeStart, onResizeEnd } = useNodeActions(id);
  const style = data.peerColor ? ({ '--peer-color': data.peerColor } as CSSProperties) : undefined;
  return (
    <>
      <div
        className={`arch-note${selected ? ' is-selected' : ''}${data.peerColor ? ' has-peer' : ''}`}
        style={style}
        data-kind={data.kind}
      >
        <EditableLabel
          className="arch-note__text"
          value={data.label}
          editable={editable}
          onChange={rename}
          onEditBoundary={editBoundary}
          multiline
          placeholder={editable ? 'Double-click to write…' : ''}
        />
      </div>
      <NodeResizer
        isVisible={selected && editable}
        minWidth={120}
        minHeight={60}
        color="#d4a200"
        onResizeStart={onResizeStart}
        onResizeEnd={onResizeEnd}
        handleClassName="arch-resize-handle"
        lineClassName="arch-resize-line"
      />
    </>
  );
}

export const NoteNode = memo(NoteNodeView);
