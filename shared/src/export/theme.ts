import type { EdgeStyle } from '../schema/edgeRecord';

/**
 * How each kind of traffic is drawn, on the canvas and in every export: one table, so the
 * two never disagree. `inner` is a thin line of the background colour down the middle
 * (replication reads as a double line).
 */
export interface EdgeLook {
  label: string;
  hint: string;
  width: number;
  dash?: string;
  linecap?: 'round';
  inner?: number;
}

export const EDGE_LOOK: Record<EdgeStyle, EdgeLook> = {
  sync: { label: 'Sync', hint: 'Request / response', width: 1.75 },
  async: { label: 'Async', hint: 'Events and messages', width: 1.75, dash: '7 5' },
  data: { label: 'Data', hint: 'Reads, writes, bulk data flow', width: 2.25, dash: '1.5 4.5', linecap: 'round' },
  replication: { label: 'Replication', hint: 'Copies kept in step', width: 5, inner: 1.6 },
};

export type ThemeName = 'light' | 'dark';

export interface DiagramTheme {
  background: string;
  text: string;
  faint: string;
  edge: Record<EdgeStyle, string>;
  labelFill: string;
  labelStroke: string;
  noteFill: string;
  noteStroke: string;
  noteText: string;
  /** Plain shapes (rectangle, ellipse, cylinder): fill and outline; their labels and text labels take `text`. */
  shapeFill: string;
  shapeStroke: string;
  /** Drawn behind icons, so the ones without a background of their own (User, Client) stay visible. */
  iconPlate?: string;
  /** Container colours that would vanish on this background, replaced. */
  groupColor: (color: string) => string;
}

export const THEMES: Record<ThemeName, DiagramTheme> = {
  light: {
    background: '#ffffff',
    text: '#1e2530',
    faint: '#94a0ae',
    edge: { sync: '#475569', async: '#c2410c', data: '#0f766e', replication: '#7c3aed' },
    labelFill: '#ffffff',
    labelStroke: '#e2e6ec',
    noteFill: '#fff2b3',
    noteStroke: '#e9d27a',
    noteText: '#4a3b00',
    shapeFill: '#ffffff',
    shapeStroke: '#64748b',
    groupColor: (color) => color,
  },
  dark: {
    background: '#0f172a',
    text: '#e2e8f0',
    faint: '#64748b',
    edge: { sync: '#94a3b8', async: '#fb923c', data: '#2dd4bf', replication: '#a78bfa' },
    labelFill: '#1e293b',
    labelStroke: '#334155',
    noteFill: '#3f3a1d',
    noteStroke: '#77692c',
    noteText: '#fef3c7',
    shapeFill: '#1e293b',
    shapeStroke: '#94a3b8',
    iconPlate: '#e2e8f0',
    groupColor: (color) => (color === '#232f3e' ? '#94a3b8' : color),
  },
};
