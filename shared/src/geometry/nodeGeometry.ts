import { catalogEntry, type Shape } from '../catalog/catalog';
import type { BoardNode } from '../schema/nodeRecord';
import type { Board } from '../read/readBoard';
import { ellipsize, wrapText } from './text';

/**
 * Where things sit on the canvas, as plain numbers, so that an export draws the diagram
 * the way the canvas does without a DOM. The constants mirror `client/src/canvas/canvas.css`
 * (an icon node is 112 px wide: 8 px padding, a 48 px icon, 6 px gap, then its label in
 * 12 px type at line height 1.3 with 1 px padding, and 4 px padding below); a change to
 * one is a change to both. The browser test "canvas and export agree" compares them.
 */
export const SERVICE_NODE = {
  width: 112,
  iconSize: 48,
  iconTop: 8,
  labelTop: 62,
  labelFontSize: 12,
  labelLineHeight: 15.6,
  labelPadX: 5,
  labelPadY: 1,
  bottomPad: 4,
} as const;

export const GROUP_HEADER = { iconSize: 24, fontSize: 12.5, border: 2, gap: 8 } as const;
export const NOTE_TEXT = { fontSize: 13.5, lineHeight: 1.45, padX: 12, padY: 10 } as const;

/** React Flow's handles are 10 px squares centred on their spot; an edge starts at the outer edge of one. */
const HANDLE_HALF = 5;

export const SIDES = ['top', 'right', 'bottom', 'left'] as const;
export type Side = (typeof SIDES)[number];
export const isSide = (value: unknown): value is Side => SIDES.includes(value as Side);

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NodeLayout {
  node: BoardNode;
  /** Services size themselves; containers, notes and shapes (text labels too) take their w and h. */
  shape: Shape;
  /** Absolute position and size on the canvas. */
  box: Box;
  /** An icon node's label, wrapped as the canvas wraps it (empty for the other shapes). */
  labelLines: string[];
}

/** The label an icon node shows: its own, or the catalogue's name when it has none. */
export const displayLabel = (node: BoardNode): string => node.label || (catalogEntry(node.kind)?.label ?? '');

/** An icon node's label shows at most this many lines; the last one ends in an ellipsis when cut. */
export const SERVICE_LABEL_MAX_LINES = 2;

/** Labels wrap the same every time: remembered, since a board on screen lays out every frame of a drag. */
const wrapped = new Map<string, string[]>();
const WRAP_CACHE_SIZE = 20_000;

export function serviceLabelLines(label: string): string[] {
  const known = wrapped.get(label);
  if (known) return known;
  const lines = wrapServiceLabel(label);
  if (wrapped.size >= WRAP_CACHE_SIZE) wrapped.clear();
  wrapped.set(label, lines);
  return lines;
}

function wrapServiceLabel(label: string): string[] {
  const { width, labelPadX, labelFontSize } = SERVICE_NODE;
  const lines = wrapText(label, width - 2 * labelPadX, labelFontSize, 600);
  if (lines.length <= SERVICE_LABEL_MAX_LINES) return lines;
  const kept = lines.slice(0, SERVICE_LABEL_MAX_LINES);
  const rest = lines.slice(SERVICE_LABEL_MAX_LINES - 1).join(' ');
  kept[SERVICE_LABEL_MAX_LINES - 1] = ellipsize(`${rest}…`, width - 2 * labelPadX, labelFontSize, 600);
  return kept;
}

function sizeOf(node: BoardNode, shape: NodeLayout['shape'], lines: string[]): { w: number; h: number } {
  if (shape !== 'service') {
    const entry = catalogEntry(node.kind);
    return { w: node.w ?? entry?.size?.w ?? 200, h: node.h ?? entry?.size?.h ?? 120 };
  }
  const { width, labelTop, labelPadY, labelLineHeight, bottomPad } = SERVICE_NODE;
  return { w: width, h: labelTop + 2 * labelPadY + Math.max(1, lines.length) * labelLineHeight + bottomPad };
}

/**
 * Every node's absolute box, in `readBoard`'s order (parents first). Positions are
 * relative to the parent in the doc; readBoard has already broken cycles and dropped
 * bad parents, so each chain ends.
 */
export function layoutNodes(board: Pick<Board, 'nodes'>): Map<string, NodeLayout> {
  const layouts = new Map<string, NodeLayout>();
  for (const node of board.nodes) {
    const parent = node.parent ? layouts.get(node.parent) : undefined;
    layouts.set(node.id, layoutAt(node, node.x + (parent?.box.x ?? 0), node.y + (parent?.box.y ?? 0)));
  }
  return layouts;
}

/**
 * One node's layout without the rest of the board's: `containers` are its parent, the
 * parent's parent and so on (as readBoard kept them), whose positions add up to its own.
 * The same as its entry in `layoutNodes`, for a caller that needs a few nodes of a big board
 * (the canvas, when a dragged node's edges turn).
 */
export function layoutNode(node: BoardNode, containers: Iterable<BoardNode>): NodeLayout {
  let x = node.x;
  let y = node.y;
  for (const container of containers) {
    x += container.x;
    y += container.y;
  }
  return layoutAt(node, x, y);
}

function layoutAt(node: BoardNode, x: number, y: number): NodeLayout {
  const shape = catalogEntry(node.kind)?.shape ?? 'service';
  const labelLines = shape === 'service' ? serviceLabelLines(displayLabel(node)) : [];
  const { w, h } = sizeOf(node, shape, labelLines);
  return { node, shape, box: { x, y, w, h }, labelLines };
}

/**
 * Where an edge leaves or enters a node on `side`, as React Flow computes it for our handles:
 * on an icon node around its icon, on any other node (containers, shapes) mid-way along
 * each edge of its box.
 */
export function handlePoint(layout: NodeLayout, side: Side): { x: number; y: number } {
  const { x, y, w, h } = layout.box;
  if (layout.shape === 'service') {
    // canvas.css places the side handles on the icon, the bottom one under the label.
    const { iconTop, iconSize } = SERVICE_NODE;
    const iconLeft = (w - iconSize) / 2;
    const iconMid = iconTop + iconSize / 2;
    switch (side) {
      case 'top':
        return { x: x + w / 2, y: y + iconTop - HANDLE_HALF };
      case 'right':
        return { x: x + iconLeft + iconSize + HANDLE_HALF, y: y + iconMid };
      case 'bottom':
        return { x: x + w / 2, y: y + h + HANDLE_HALF };
      case 'left':
        return { x: x + iconLeft - HANDLE_HALF, y: y + iconMid };
    }
  }
  switch (side) {
    case 'top':
      return { x: x + w / 2, y: y - HANDLE_HALF };
    case 'right':
      return { x: x + w + HANDLE_HALF, y: y + h / 2 };
    case 'bottom':
      return { x: x + w / 2, y: y + h + HANDLE_HALF };
    case 'left':
      return { x: x - HANDLE_HALF, y: y + h / 2 };
  }
}

/**
 * The sides an edge without stored handles uses: the ones that face each other, along
 * the axis on which the two nodes are further apart. The canvas and the exports both use
 * this, so an edge made by an import or a script is drawn the same everywhere.
 */
export function facingSides(source: Box, target: Box): { source: Side; target: Side } {
  const dx = target.x + target.w / 2 - (source.x + source.w / 2);
  const dy = target.y + target.h / 2 - (source.y + source.h / 2);
  if (Math.abs(dx) >= Math.abs(dy))
    return dx >= 0 ? { source: 'right', target: 'left' } : { source: 'left', target: 'right' };
  return dy >= 0 ? { source: 'bottom', target: 'top' } : { source: 'top', target: 'bottom' };
}

/** Whether two boxes share any area (touching edges do not count). */
export const boxesOverlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The smallest box around all of `boxes`, or undefined for none. */
export function unionBox(boxes: Iterable<Box>): Box | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  return minX === Infinity ? undefined : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}
