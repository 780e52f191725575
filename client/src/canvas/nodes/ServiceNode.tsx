import { memo, type CSSProperties } from 'react';
import type { NodeProps } from '@xyflow/react';
import { catalogEntry, rasterIconPath } from '@archboard/shared';
import type { ServiceFlowNode } from '../flowTypes';
import { NodeReviewBadges } from '../../review/NodeReviewBadges';
import { EditableLabel } from './EditableLabel';
import { NodeHandles } from './NodeHandles';
import { useNodeActions } from './useNodeActions';

/** A component of the catalogue: its official icon with the label underneath. */
function ServiceNodeView({ id, data, selected, isConnectable }: NodeProps<ServiceFlowNode>) {
  const entry = catalogEntry(data.kind);
  const { editable, rename, editBoundary } = useNodeActions(id);
  const style = data.peerColor ? ({ '--peer-color': data.peerColor } as CSSProperties) : undefined;
  return (
    <div
      className={`arch-service${selected ? ' is-selected' : ''}${data.peerColor ? ' has-peer' : ''}`}
      style={style}
      data-kind={data.kind}
      title={entry?.purpose}
    >
      <div className="arch-service__icon">
        {entry && <img src={rasterIconPath(entry.icon)} alt="" width={48} height={48} draggable={false} />}
      </div>
      <EditableLabel
        className="arch-service__label"
        value={data.label}
        editable={editable}
        onChange={rename}
        onEditBoundary={editBoundary}
        placeholder={entry?.label ?? 'Unnamed'}
      />
      <NodeHandles connectable={isConnectable} selected={selected} />
      <NodeReviewBadges id={id} />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
