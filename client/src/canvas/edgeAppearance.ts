import type { CSSProperties } from 'react';
import { EDGE_LOOK, EDGE_STYLES, type EdgeStyle } from '@archboard/shared';

/**
 * How each kind of traffic is drawn on the canvas: shared's EDGE_LOOK (the same table the
 * exports draw from) as React styles, its colours from the theme's CSS variables
 * (styles/theme.css: `--edge-<style>`, whose light and dark values are shared's THEMES).
 * No fallback inside var(): React Flow puts the colour into a marker's element id.
 */
export const EDGE_APPEARANCE = Object.fromEntries(
  EDGE_STYLES.map((style) => {
    const look = EDGE_LOOK[style];
    const color = `var(--edge-${style})`;
    const stroke: CSSProperties = { stroke: color, strokeWidth: look.width };
    if (look.dash) stroke.strokeDasharray = look.dash;
    if (look.linecap) stroke.strokeLinecap = look.linecap;
    return [style, { label: look.label, hint: look.hint, color, stroke, inner: look.inner }];
  }),
) as Record<EdgeStyle, { label: string; hint: string; color: string; stroke: CSSProperties; inner?: number }>;

export const SELECTED_EDGE_COLOR = 'var(--edge-selected)';
/** The thin centre line of a replication edge: the canvas showing through. */
export const EDGE_INNER_COLOR = 'var(--edge-inner)';
