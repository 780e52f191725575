import { memo, useEffect, useState, type CSSProperties } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { catalogEntry, cylinderPaths, shapeLabelBox, strokeBox, type Outline } from '@archboard/shared';
import type { ShapeFlowNode } from '../flowTypes';
import { EditableLabel } from './EditableLabel';
import { forgetLabelEdit, labelEditRequested } from './labelEditRequests';
import { NodeHandles } from './NodeHandles';
import { useNodeActions } from './useNodeActions';
import './shapes.css';

/**
 * The outline, filling the node's box: a bordered div for a rectangle, an SVG for an ellipse
 * or a cylinder, drawn from shared's geometry (the exports draw the same paths). The SVG
 * stretches to the box, so it never lags a resize; its stroke does not scale.
 */
function ShapeOutline({ outline, w, h }: { outline: Outline; w: number; h: number }) {
  if (outline === 'none') return null;
  if (outline === 'rect') return <div className="arch-shape__frame" />;
  const box = strokeBox({ x: 0, y: 0, w, h });
  const cylinder = outline === 'cylinder' ? cylinderPaths(box) : undefined;
  return (
    <svg className="arch-shape__outline" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" aria-hidden="true">
      {cylinder ? (
        <>
          <path d={cylinder.body} />
          <path className="arch-shape__rim" d={cylinder.rim} />
        </>
      ) : (
        <ellipse cx={w / 2} cy={h / 2} rx={box.w / 2} ry={box.h / 2} />
      )}
    </svg>
  );
}

/**
 * A plain shape (rectangle, ellipse, cylinder) or a free text label: resizable, its label
 * centred and wrapped in the box shared's `shapeLabelBox` gives, which holds whole lines
 * only, so the canvas shows the lines the exports draw. Shapes connect; text does not.
 */
function ShapeNodeView({ id, data, selected, isConnectable, width, height }: NodeProps<ShapeFlowNode>) {
  const entry = catalogEntry(data.kind);
  const outline = entry?.outline ?? 'rect';
  const { editable, rename, remove, editBoundary, onResizeStart, onResizeEnd } = useNodeActions(id);
  // A text label made by a double-click opens for typing at once (both renders of a strict
  // mode mount read the request; the effect forgets it).
  const [editOnMount] = useState(() => labelEditRequested(id));
  useEffect(() => {
    if (editOnMount) forgetLabelEdit(id);
  }, [editOnMount, id]);
  // Measured size once React Flow has it; the catalogue's until then.
  const w = width || entry?.size?.w || 160;
  const h = height || entry?.size?.h || 96;
  const label = shapeLabelBox(outline, w, h);
  const style = data.peerColor ? ({ '--peer-color': data.peerColor } as CSSProperties) : undefined;
  const text = outline === 'none';
  return (
    <>
      <div
        className={`arch-shape arch-shape--${outline}${selected ? ' is-selected' : ''}${data.peerColor ? ' has-peer' : ''}`}
        style={style}
        data-kind={data.kind}
      >
        <ShapeOutline outline={outline} w={w} h={h} />
        <div className="arch-shape__text" style={{ left: label.x, top: label.y, width: label.w, height: label.h }}>
          <EditableLabel
            className="arch-shape__label"
            value={data.label}
            editable={editable}
            onChange={rename}
            onEditBoundary={editBoundary}
            multiline
            placeholder={text && editable ? (entry?.label ?? 'Text') : ''}
            editOnMount={editOnMount}
            // A text label left empty is nothing: it goes, as in Excalidraw.
            onFinished={text ? (label) => label.trim() === '' && remove() : undefined}
          />
        </div>
      </div>
      {!text && <NodeHandles connectable={isConnectable} selected={selected} />}
      <NodeResizer
        isVisible={selected && editable}
        minWidth={text ? 40 : 48}
        minHeight={text ? 32 : 40}
        color="var(--edge-selected)"
        onResizeStart={onResizeStart}
        onResizeEnd={onResizeEnd}
        handleClassName="arch-resize-handle"
        lineClassName="arch-resize-line"
      />
    </>
  );
}

export const ShapeNode = memo(ShapeNodeView);
