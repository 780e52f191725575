import { memo, useRef } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { EDGE_PATH_OPTIONS } from '@archboard/shared';
import { EDGE_APPEARANCE, EDGE_INNER_COLOR, SELECTED_EDGE_COLOR } from '../edgeAppearance';
import type { ArchFlowEdge } from '../flowTypes';
import { EdgeStylePicker } from './EdgeStylePicker';
import { useEdgeActions } from './useEdgeActions';

/**
 * A connection: a rounded orthogonal path with an arrowhead, drawn per traffic style,
 * with its label (double-click to edit) and, while it is the whole selection, the style picker.
 */
function ArchEdgeView(props: EdgeProps<ArchFlowEdge>) {
  const { id, data, selected, markerEnd, markerStart } = props;
  const { editable, rename, restyle, setTwoWay, setEditing } = useEdgeActions(id);
  const before = useRef('');
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
    ...EDGE_PATH_OPTIONS,
    centerX: data?.centerX,
    centerY: data?.centerY,
  });
  const style = data?.style ?? 'sync';
  const look = EDGE_APPEARANCE[style];
  const stroke = selected ? { ...look.stroke, stroke: SELECTED_EDGE_COLOR } : look.stroke;
  const label = data?.label ?? '';
  const figures = data?.figures ?? '';
  const editing = (data?.editing ?? false) && editable;
  const tools = (data?.tools ?? false) && editable && !editing;

  const startEditing = () => {
    if (!editable) return;
    before.current = label;
    setEditing(true);
  };

  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        {...(markerStart ? { markerStart } : {})}
        style={stroke}
        interactionWidth={20}
        data-source={props.source}
        data-target={props.target}
        data-style={style}
      />
      {look.inner && (
        <path d={path} fill="none" style={{ stroke: EDGE_INNER_COLOR }} strokeWidth={look.inner} pointerEvents="none" />
      )}
      {/* The overlay (a portal that queries the DOM on every store change) only where there is something to show. */}
      {(label || figures || tools || editing) && (
        <EdgeLabelRenderer>
          <div
            className="arch-edge-overlay nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {editing ? (
              <input
                className="arch-edge-label arch-edge-label--editing nodrag nopan"
                value={label}
                autoFocus
                placeholder="Label"
                data-testid="edge-label-input"
                onFocus={(event) => event.currentTarget.select()}
                onChange={(event) => rename(event.target.value)}
                onBlur={() => setEditing(false)}
                onKeyDown={(event) => {
                  event.stopPropagation();
                  if (event.key === 'Escape') rename(before.current);
                  if (event.key === 'Escape' || event.key === 'Enter') setEditing(false);
                }}
              />
            ) : (
              (label || figures) && (
                <div className="arch-edge-label" data-testid="edge-label" onDoubleClick={startEditing}>
                  {label}
                  {figures && (
                    <span className="arch-edge-figures" data-testid="edge-figures">
                      {figures}
                    </span>
                  )}
                </div>
              )
            )}
            {tools && (
              <div className="arch-edge-tools nodrag nopan">
                <EdgeStylePicker value={style} onPick={restyle} />
                <button
                  type="button"
                  className={`arch-edge-two-way${data?.twoWay ? ' is-active' : ''}`}
                  aria-pressed={data?.twoWay ?? false}
                  title="Traffic both ways: an arrowhead at each end"
                  data-testid="edge-two-way"
                  onClick={(event) => {
                    event.stopPropagation();
                    setTwoWay(!(data?.twoWay ?? false));
                  }}
                >
                  ⇄
                </button>
                {!label && (
                  <button type="button" className="arch-edge-add-label" onClick={startEditing}>
                    + Label
                  </button>
                )}
              </div>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ArchEdge = memo(ArchEdgeView);
