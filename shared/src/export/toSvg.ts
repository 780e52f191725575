import { catalogEntry, type Outline, type Shape } from '../catalog/catalog';
import { routeEdge, type EdgeRoute } from '../geometry/edgeRoute';
import {
  GROUP_HEADER,
  layoutNodes,
  NOTE_TEXT,
  SERVICE_NODE,
  unionBox,
  type Box,
  type NodeLayout,
} from '../geometry/nodeGeometry';
import { edgeFigures } from '../review/figures';
import {
  cylinderPaths,
  SHAPE_STYLE,
  SHAPE_TEXT,
  shapeLabelBox,
  shapeLabelLines,
  strokeBox,
} from '../geometry/shapeGeometry';
import { ellipsize, textWidth, wrapText } from '../geometry/text';
import type { Board } from '../read/readBoard';
import { EDGE_STYLES, type EdgeStyle } from '../schema/edgeRecord';
import { attr, base64Utf8, num, xmlText } from './xml';
import { EDGE_LOOK, THEMES, type DiagramTheme, type ThemeName } from './theme';

export interface SvgOptions {
  theme: ThemeName;
  background: 'solid' | 'transparent';
}

export const DEFAULT_SVG_OPTIONS: SvgOptions = { theme: 'light', background: 'solid' };

/** An icon's SVG markup by its catalogue path (`aws/…/X.svg`, `generic/x.svg`); `shared` does no IO. */
export type IconSource = (iconPath: string) => string | undefined;

/** Space around the diagram, in px. */
const PADDING = 40;
const EDGE_LABEL = { fontSize: 11.5, padX: 8, height: 20 } as const;
const FONT_FAMILY = "Inter, 'Helvetica Neue', Arial, sans-serif";

/** Where the baseline of a line of text sits in a line box of `lineHeight` starting at `top` (Inter's metrics). */
const baseline = (top: number, lineHeight: number, size: number) => top + (lineHeight - 1.21 * size) / 2 + 0.969 * size;

interface Drawing {
  theme: DiagramTheme;
  icons: Map<string, string>;
  iconSource: IconSource;
  /** The part of the diagram being drawn. */
  region: Box;
}

const intersects = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Whether a box reaches into the region being drawn. Icons and arrowheads outside it are
 * left out of a strip: resvg (2.6) aborts the process it runs in when an image or a marker
 * lies far outside the canvas.
 */
const inRegion = (d: Drawing, box: Box) => intersects(box, d.region);

const encodedIcons = new WeakMap<IconSource, Map<string, string>>();

/** An icon's markup in base64, encoded once per icon source (every strip of a PNG embeds it again). */
function iconData(icons: IconSource, path: string): string {
  let known = encodedIcons.get(icons);
  if (!known) encodedIcons.set(icons, (known = new Map()));
  let data = known.get(path);
  if (data === undefined) known.set(path, (data = base64Utf8(icons(path) ?? '')));
  return data;
}

/** The symbol id of an icon, defined once however many nodes use it. */
function iconRef(d: Drawing, path: string): string | undefined {
  const known = d.icons.get(path);
  if (known) return known;
  const markup = d.iconSource(path);
  if (markup === undefined) return undefined;
  const id = `icon-${d.icons.size}`;
  d.icons.set(path, id);
  return id;
}

/** What an edge's label pill says: its label and its traffic figures, as on the canvas. */
const edgeLabelText = (edge: EdgeRoute['edge']): string =>
  [edge.label, edgeFigures(edge.props)].filter((part) => part !== '').join(' · ');

function edgeLabelBox(route: EdgeRoute): Box | undefined {
  const text = edgeLabelText(route.edge);
  if (!text) return undefined;
  const w = textWidth(text, EDGE_LABEL.fontSize, 600) + 2 * EDGE_LABEL.padX + 2;
  return { x: route.labelX - w / 2, y: route.labelY - EDGE_LABEL.height / 2, w, h: EDGE_LABEL.height };
}

function drawContainer(d: Drawing, l: NodeLayout): string {
  const { x, y, w, h } = l.box;
  const entry = catalogEntry(l.node.kind);
  const color = d.theme.groupColor(entry?.color ?? '#64748b');
  const dash = l.node.kind === 'group.az' ? ' stroke-dasharray="6 4"' : '';
  const icon = entry ? iconRef(d, entry.icon) : undefined;
  const { iconSize, fontSize, gap } = GROUP_HEADER;
  const label = ellipsize(l.node.label || (entry?.label ?? ''), Math.max(0, w - iconSize - 2 * gap), fontSize, 600);
  return [
    `<g class="node container" data-id=${attr(l.node.id)} data-kind=${attr(l.node.kind)}>`,
    `<rect x="${num(x + 1)}" y="${num(y + 1)}" width="${num(Math.max(0, w - 2))}" height="${num(Math.max(0, h - 2))}" fill=${attr(color)} fill-opacity="0.04" stroke=${attr(color)} stroke-width="2"${dash}/>`,
    icon && inRegion(d, { x, y, w: iconSize, h: iconSize })
      ? `<use href="#${icon}" x="${num(x)}" y="${num(y)}" width="${iconSize}" height="${iconSize}"/>`
      : '',
    `<text x="${num(x + iconSize + gap)}" y="${num(baseline(y, iconSize, fontSize))}" font-size="${fontSize}" font-weight="600" fill=${attr(color)}>${xmlText(label)}</text>`,
    '</g>',
  ].join('');
}

function drawService(d: Drawing, l: NodeLayout): string {
  const { x, y, w } = l.box;
  const entry = catalogEntry(l.node.kind);
  const { iconSize, iconTop, labelTop, labelPadY, labelLineHeight, labelFontSize } = SERVICE_NODE;
  const iconBox = { x: x + (w - iconSize) / 2, y: y + iconTop, w: iconSize, h: iconSize };
  const icon = entry && inRegion(d, iconBox) ? iconRef(d, entry.icon) : undefined;
  const fill = l.node.label ? d.theme.text : d.theme.faint;
  const lines = l.labelLines
    .map((line, i) => {
      const top = y + labelTop + labelPadY + i * labelLineHeight;
      return `<tspan x="${num(x + w / 2)}" y="${num(baseline(top, labelLineHeight, labelFontSize))}">${xmlText(line)}</tspan>`;
    })
    .join('');
  return [
    `<g class="node service" data-id=${attr(l.node.id)} data-kind=${attr(l.node.kind)}>`,
    d.theme.iconPlate && icon
      ? `<rect x="${num(x + (w - iconSize) / 2)}" y="${num(y + iconTop)}" width="${iconSize}" height="${iconSize}" rx="6" fill=${attr(d.theme.iconPlate)}/>`
      : '',
    icon
      ? `<use href="#${icon}" x="${num(x + (w - iconSize) / 2)}" y="${num(y + iconTop)}" width="${iconSize}" height="${iconSize}"/>`
      : '',
    `<text text-anchor="middle" font-size="${labelFontSize}" font-weight="600" fill=${attr(fill)}>${lines}</text>`,
    '</g>',
  ].join('');
}

function drawNote(d: Drawing, l: NodeLayout): string {
  const { x, y, w, h } = l.box;
  const { fontSize, lineHeight, padX, padY } = NOTE_TEXT;
  const lineBox = fontSize * lineHeight;
  const fit = Math.max(0, Math.floor((h - 2 * padY) / lineBox));
  const lines = wrapText(l.node.label, Math.max(1, w - 2 * padX), fontSize, 400).slice(0, fit);
  const r = Math.min(14, w / 2, h / 2);
  const shape = `M${num(x + 2)} ${num(y)}H${num(x + w - 2)}Q${num(x + w)} ${num(y)} ${num(x + w)} ${num(y + 2)}V${num(y + h - r)}Q${num(x + w)} ${num(y + h)} ${num(x + w - r)} ${num(y + h)}H${num(x + 2)}Q${num(x)} ${num(y + h)} ${num(x)} ${num(y + h - 2)}V${num(y + 2)}Q${num(x)} ${num(y)} ${num(x + 2)} ${num(y)}Z`;
  const text = lines
    .map(
      (line, i) =>
        `<tspan x="${num(x + padX)}" y="${num(baseline(y + padY + i * lineBox, lineBox, fontSize))}">${xmlText(line)}</tspan>`,
    )
    .join('');
  return [
    `<g class="node note" data-id=${attr(l.node.id)} data-kind=${attr(l.node.kind)}>`,
    `<path d="${shape}" fill=${attr(d.theme.noteFill)} stroke=${attr(d.theme.noteStroke)} stroke-width="1"/>`,
    `<text font-size="${fontSize}" fill=${attr(d.theme.noteText)} xml:space="preserve">${text}</text>`,
    '</g>',
  ].join('');
}

/** A plain shape's outline, its stroke inside the node's box (as the canvas draws it). */
function shapeOutline(d: Drawing, outline: Outline, box: Box): string {
  const paint = `fill=${attr(d.theme.shapeFill)} stroke=${attr(d.theme.shapeStroke)} stroke-width="${SHAPE_STYLE.strokeWidth}"`;
  const { x, y, w, h } = strokeBox(box);
  switch (outline) {
    case 'rect':
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" ${paint} rx="${SHAPE_STYLE.cornerRadius}"/>`;
    case 'ellipse':
      return `<ellipse cx="${num(x + w / 2)}" cy="${num(y + h / 2)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${paint}/>`;
    case 'cylinder': {
      const { body, rim } = cylinderPaths({ x, y, w, h });
      return `<path d="${body}" ${paint}/><path d="${rim}" fill="none" stroke=${attr(d.theme.shapeStroke)} stroke-width="${SHAPE_STYLE.strokeWidth}"/>`;
    }
    case 'none':
      return '';
  }
}

/** A plain shape or a text label: the outline (none for text), then the label wrapped and centred in its label box. */
function drawShape(d: Drawing, l: NodeLayout): string {
  const { x, y, w, h } = l.box;
  const outline = catalogEntry(l.node.kind)?.outline ?? 'rect';
  const { fontSize, lineHeight } = SHAPE_TEXT;
  const lineBox = fontSize * lineHeight;
  const area = shapeLabelBox(outline, w, h);
  const lines = shapeLabelLines(l.node.label, outline, w, h);
  const top = y + area.y + (area.h - lines.length * lineBox) / 2;
  const text = lines
    .map(
      (line, i) =>
        `<tspan x="${num(x + area.x + area.w / 2)}" y="${num(baseline(top + i * lineBox, lineBox, fontSize))}">${xmlText(line)}</tspan>`,
    )
    .join('');
  return [
    `<g class="node shape" data-id=${attr(l.node.id)} data-kind=${attr(l.node.kind)}>`,
    shapeOutline(d, outline, l.box),
    lines.length > 0
      ? `<text text-anchor="middle" font-size="${fontSize}" fill=${attr(d.theme.text)} xml:space="preserve">${text}</text>`
      : '',
    '</g>',
  ].join('');
}

const DRAW_NODE: Record<Exclude<Shape, 'group'>, (d: Drawing, l: NodeLayout) => string> = {
  service: drawService,
  note: drawNote,
  shape: drawShape,
};

function drawEdge(d: Drawing, route: EdgeRoute): string {
  const { edge } = route;
  const look = EDGE_LOOK[edge.style];
  const color = d.theme.edge[edge.style];
  const stroke = [
    `stroke=${attr(color)}`,
    `stroke-width="${look.width}"`,
    look.dash ? `stroke-dasharray="${look.dash}"` : '',
    look.linecap ? `stroke-linecap="${look.linecap}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  // An arrowhead is drawn only where its end lies in the region drawn (see inRegion).
  const near = (p: { x: number; y: number } | undefined) =>
    p !== undefined && inRegion(d, { x: p.x - 10, y: p.y - 10, w: 20, h: 20 });
  const marker = `url(#arrow-${edge.style})`;
  const markers = [
    near(route.points.at(-1)) ? `marker-end="${marker}"` : '',
    edge.twoWay && near(route.points[0]) ? `marker-start="${marker}"` : '',
  ].join(' ');
  const inner = look.inner
    ? `<path d=${attr(route.path)} fill="none" stroke=${attr(d.theme.background)} stroke-width="${look.inner}"/>`
    : '';
  return `<g class="edge" data-id=${attr(edge.id)} data-source=${attr(edge.source)} data-target=${attr(edge.target)} data-style="${edge.style}"${edge.twoWay ? ' data-two-way="true"' : ''}><path d=${attr(route.path)} fill="none" ${stroke} ${markers}/>${inner}</g>`;
}

function drawEdgeLabel(d: Drawing, route: LaidRoute): string {
  const box = route.labelBox;
  if (!box) return '';
  return [
    `<g class="edge-label" data-edge=${attr(route.edge.id)}>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" rx="${num(box.h / 2)}" fill=${attr(d.theme.labelFill)} stroke=${attr(d.theme.labelStroke)}/>`,
    `<text x="${num(route.labelX)}" y="${num(baseline(box.y, box.h, EDGE_LABEL.fontSize))}" text-anchor="middle" font-size="${EDGE_LABEL.fontSize}" font-weight="600" fill=${attr(d.theme.text)} xml:space="preserve">${xmlText(edgeLabelText(route.edge))}</text>`,
    '</g>',
  ].join('');
}

function arrowMarker(style: EdgeStyle, color: string): string {
  // React Flow's closed arrow (MarkerType.ArrowClosed at 14 px), turned around at the start of two-way edges.
  return `<marker id="arrow-${style}" viewBox="-10 -10 20 20" markerWidth="14" markerHeight="14" markerUnits="userSpaceOnUse" orient="auto-start-reverse" refX="0" refY="0"><polyline points="-5,-4 0,0 -5,4 -5,-4" fill=${attr(color)} stroke=${attr(color)} stroke-width="1" stroke-linecap="round" stroke-linejoin="round"/></marker>`;
}

/** An edge route with what it covers, worked out once per layout (strips test them many times). */
export interface LaidRoute extends EdgeRoute {
  /** Its corners widened for the stroke and the arrowheads. */
  box: Box;
  /** Its label's pill, when it has a label. */
  labelBox: Box | undefined;
}

export interface DiagramLayout {
  layouts: Map<string, NodeLayout>;
  routes: LaidRoute[];
  /** The view box: every node, edge and label plus padding, in whole pixels; a small fixed box for an empty board. */
  bounds: Box;
}

/** Where everything of the board goes in an export: node boxes, edge routes and the view box. */
export function diagramLayout(board: Pick<Board, 'nodes' | 'edges'>): DiagramLayout {
  const layouts = layoutNodes(board);
  const routes: LaidRoute[] = [];
  for (const edge of board.edges) {
    const route = routeEdge(edge, layouts);
    if (route) routes.push({ ...route, box: routeBox(route), labelBox: edgeLabelBox(route) });
  }
  const boxes: Box[] = [...layouts.values()].map((l) => l.box);
  for (const route of routes) {
    boxes.push(route.box);
    if (route.labelBox) boxes.push(route.labelBox);
  }
  const content = unionBox(boxes) ?? { x: 0, y: 0, w: 320, h: 180 };
  const x = Math.floor(content.x - PADDING);
  const y = Math.floor(content.y - PADDING);
  const bounds = {
    x,
    y,
    w: Math.ceil(content.x + content.w + PADDING) - x,
    h: Math.ceil(content.y + content.h + PADDING) - y,
  };
  return { layouts, routes, bounds };
}

/** What an edge covers: its corners, widened for the stroke and the arrowheads. */
function routeBox(route: EdgeRoute): Box {
  return unionBox(route.points.map((p) => ({ x: p.x - 10, y: p.y - 10, w: 20, h: 20 })))!;
}

/**
 * The board as a standalone SVG document, drawn from `readBoard`'s output, never from a
 * DOM: every node with its icon (embedded once, as a data URI symbol) and its label, every
 * container with its colour and label, every edge routed as the canvas routes it with its
 * style, arrowheads and label. The view box holds the whole diagram whatever a viewport
 * showed. Text is escaped, so a label is always text, never markup. Deterministic: the same
 * board and options give the same string.
 */
export function toSvg(board: Board, options: SvgOptions, icons: IconSource): string {
  return layoutToSvg(board.title, diagramLayout(board), options, icons);
}

/**
 * `toSvg` from a layout computed once. With `region` (in diagram pixels) the document shows
 * only that part of the diagram and holds only the elements that reach into it: the server
 * renders big PNGs strip by strip this way, each strip a small image, with the same pixels
 * the whole picture would have there.
 */
export function layoutToSvg(
  title: string,
  layout: DiagramLayout,
  options: SvgOptions,
  icons: IconSource,
  region: Box = layout.bounds,
): string {
  const d: Drawing = { theme: THEMES[options.theme], icons: new Map(), iconSource: icons, region };
  const inView = (box: Box) => intersects(box, region);
  const all = [...layout.layouts.values()].filter((l) =>
    inView({ ...l.box, x: l.box.x - 2, y: l.box.y - 2, w: l.box.w + 4, h: l.box.h + 4 }),
  );
  const routes = layout.routes.filter((r) => inView(r.box));
  const containers = all.filter((l) => l.shape === 'group').map((l) => drawContainer(d, l));
  const edges = routes.map((r) => drawEdge(d, r));
  const nodes = all.flatMap((l) => (l.shape === 'group' ? [] : [DRAW_NODE[l.shape](d, l)]));
  const labels = layout.routes.filter((r) => r.labelBox && inView(r.labelBox)).map((r) => drawEdgeLabel(d, r));

  const used = new Set(routes.map((r) => r.edge.style));
  const markers = EDGE_STYLES.filter((s) => used.has(s)).map((s) => arrowMarker(s, d.theme.edge[s]));
  const symbols = [...d.icons].map(
    ([path, id]) =>
      `<symbol id="${id}" viewBox="0 0 48 48"><image width="48" height="48" href="data:image/svg+xml;base64,${iconData(icons, path)}"/></symbol>`,
  );
  const box = region;
  const background =
    options.background === 'solid'
      ? `<rect class="background" x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" fill=${attr(d.theme.background)}/>`
      : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(box.w)}" height="${num(box.h)}" viewBox="${num(box.x)} ${num(box.y)} ${num(box.w)} ${num(box.h)}" font-family=${attr(FONT_FAMILY)} data-archboard-format="1">`,
    `<title>${xmlText(title)}</title>`,
    `<defs>${markers.join('')}${symbols.join('')}</defs>`,
    background,
    `<g class="containers">${containers.join('')}</g>`,
    `<g class="edges">${edges.join('')}</g>`,
    `<g class="nodes">${nodes.join('')}</g>`,
    `<g class="edge-labels">${labels.join('')}</g>`,
    '</svg>\n',
  ].join('\n');
}
