import type { CSSProperties } from 'react';
import type { EdgeStyle } from '@archboard/shared';

/** How each kind of traffic is drawn, and how the legend and the style picker describe it. */
export const EDGE_APPEARANCE: Record<EdgeStyle, { label: string; hint: string; color: string; stroke: CSSProperties }> =
  {
    sync: {
      label: 'Sync',
      hint: 'Request / response',
      color: '#475569',
      stroke: { stroke: '#475569', strokeWidth: 1.75 },
    },
    async: {
      label: 'Async',
      hint: 'Events and messages',
      color: '#c2410c',
      stroke: { stroke: '#c2410c', strokeWidth: 1.75, strokeDasharray: '7 5' },
    },
    data: {
      label: 'Data',
      hint: 'Reads, writes, bulk data flow',
      color: '#0f766e',
      stroke: { stroke: '#0f766e', strokeWidth: 2.25, strokeDasharray: '1.5 4.5', strokeLinecap: 'round' },
    },
    replication: {
      label: 'Replication',
      hint: 'Copies kept in step',
      color: '#7c3aed',
      stroke: { stroke: '#7c3aed', strokeWidth: 5 },
    },
  };

export const SELECTED_EDGE_COLOR = '#4f46e5';
