import type { FitViewOptions } from '@xyflow/react';

/**
 * How every "fit the diagram" frames it: clear of what sits over the canvas's bottom
 * corners (the edge legend with React Flow's controls on the left, the minimap on the
 * right: the bottom padding keeps the diagram above the taller of them, the open legend),
 * and never zoomed in past 100 %, so a board of two nodes is not blown up to fill the screen.
 */
export const FIT_VIEW: FitViewOptions = {
  padding: { top: '56px', left: '56px', right: '56px', bottom: '212px' },
  maxZoom: 1,
};
