import type { FitViewOptions } from '@xyflow/react';

/**
 * How every "fit the diagram" frames it: clear of the minimap in the bottom-right corner
 * (the bottom padding keeps the diagram above it), and never zoomed in past 100 %, so a
 * board of two nodes is not blown up to fill the screen.
 */
export const FIT_VIEW: FitViewOptions = {
  padding: { top: '56px', left: '56px', right: '56px', bottom: '190px' },
  maxZoom: 1,
};
