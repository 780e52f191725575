import type { Edge, Node } from '@xyflow/react';
import type { EdgeStyle } from '@archboard/shared';

/**
 * The React Flow shapes derived from the board. `data` carries only what the node
 * component draws; everything else (position, size, parent) sits on the node itself.
 * `peerColor` is the colour of another person who has the node selected (presence).
 */
export type ArchNodeData = { kind: string; label: string; peerColor?: string };

export type ServiceFlowNode = Node<ArchNodeData, 'service'>;
export type GroupFlowNode = Node<ArchNodeData, 'group'>;
export type NoteFlowNode = Node<ArchNodeData, 'note'>;
export type ShapeFlowNode = Node<ArchNodeData, 'shape'>;
export type ArchFlowNode = ServiceFlowNode | GroupFlowNode | NoteFlowNode | ShapeFlowNode;

/** `figures`: the edge's traffic figures as text ("1.2k rps · 2 KB"), empty when none is set. */
export type ArchEdgeData = {
  style: EdgeStyle;
  label: string;
  figures: string;
  /** The style picker shows: the edge is selected, alone. */
  tools: boolean;
  editing: boolean;
  twoWay: boolean;
  /** Where the path turns back around its ends (shared's edgeDetour), when it does. */
  centerX?: number;
  centerY?: number;
};
export type ArchFlowEdge = Edge<ArchEdgeData, 'arch'>;

/** Fixed width of an icon node, so a drop can centre the icon under the pointer before it is measured. */
export const SERVICE_NODE_WIDTH = 112;
/** Distance from an icon node's top edge to the centre of its icon. */
export const SERVICE_ICON_CENTER_Y = 32;
/** The grid that drags and drops snap to. */
export const GRID = 8;
