import type { CSSProperties } from 'react';
import { EDGE_LOOK, EDGE_STYLES, THEMES, type EdgeStyle } from '@archboard/shared';

/**
 * How each kind of traffic is drawn on the canvas: shared's EDGE_LOOK in the light theme's
 * colours, the same table the exports draw from, as React styles.
 */
export const EDGE_APPEARANCE = Object.fromEntries(
  EDGE_STYLES.map((style) => {
    const look = EDGE_LOOK[style];
    const color = THEMES.light.edge[style];
    const stroke: CSSProperties = { stroke: color, strokeWidth: look.width };
    if (look.dash) stroke.strokeDasharray = look.dash;
    if (look.linecap) stroke.strokeLinecap = look.linecap;
    return [style, { label: look.label, hint: look.hint, color, stroke, inner: look.inner }];
  }),
) as Record<EdgeStyle, { label: string; hint: string; color: string; stroke: CSSProperties; inner?: number }>;

export const SELECTED_EDGE_COLOR = '#4f46e5';
