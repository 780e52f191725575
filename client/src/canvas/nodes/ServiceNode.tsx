import { memo, type CSSProperties } from 'react';
import type { NodeProps } from '@xyflow/react';
import { catalogEntry, rasterIconPath, serviceLabelLines, SERVICE_LABEL_MAX_LINES } from '@archboard/shared';
import type { ServiceFlowNode } from '../flowTypes';
import { NodeReviewBadges } from '../../review/NodeReviewBadges';
import { EditableLabel } from './EditableLabel';
import { NodeHandles } from './NodeHandles';
import { useNodeActions } from './useNodeActions';

/**
 * A label that may run past two lines is clamped (canvas.css), which takes a clip: on a
 * 1,000-node board one clip per node is a paint property per node that Chromium sorts into
 * layers again on every frame of a drag. Only the labels that wrap at all get it; shared's
 * wrap (the exports') decides.
 */
const labelClass = (label: string): string =>
  serviceLabelLines(label).length >= SERVICE_LABEL_MAX_LINES
    ? 'arch-service__label arch-service__label--long'
    : 'arch-service__label';

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
        className={labelClass(data.label || (entry?.label ?? ''))}
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
