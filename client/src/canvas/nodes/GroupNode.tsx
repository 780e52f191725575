import { memo, type CSSProperties } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { catalogEntry, rasterIconPath } from '@archboard/shared';
import type { GroupFlowNode } from '../flowTypes';
import { EditableLabel } from './EditableLabel';
import { NodeHandles } from './NodeHandles';
import { useNodeActions } from './useNodeActions';

/** A network container (cloud, region, AZ, VPC, subnet, ASG): a coloured frame that holds other nodes. */
function GroupNodeView({ id, data, selected, isConnectable }: NodeProps<GroupFlowNode>) {
  const entry = catalogEntry(data.kind);
  const { editable, rename, editBoundary, onResizeStart, onResizeEnd } = useNodeActions(id);
  const color = entry?.color ?? '#64748b';
  const style = { '--group-color': color, '--peer-color': data.peerColor } as CSSProperties;
  const dashed = data.kind === 'group.az';
  return (
    <>
      <div
        className={`arch-group${dashed ? ' arch-group--dashed' : ''}${selected ? ' is-selected' : ''}${data.peerColor ? ' has-peer' : ''}`}
        style={style}
        data-kind={data.kind}
      >
        <div className="arch-group__header">
          {entry && <img src={rasterIconPath(entry.icon)} alt="" width={24} height={24} draggable={false} />}
          <EditableLabel
            className="arch-group__label"
            value={data.label}
            editable={editable}
            onChange={rename}
            onEditBoundary={editBoundary}
            placeholder={entry?.label ?? 'Group'}
          />
        </div>
      </div>
      <NodeHandles connectable={isConnectable} selected={selected} />
      <NodeResizer
        isVisible={selected && editable}
        minWidth={120}
        minHeight={80}
        color={color}
        onResizeStart={onResizeStart}
        onResizeEnd={onResizeEnd}
        handleClassName="arch-resize-handle"
        lineClassName="arch-resize-line"
      />
    </>
  );
}

export const GroupNode = memo(GroupNodeView);
