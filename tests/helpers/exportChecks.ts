import { PNG } from 'pngjs';
import {
  boardFromExport,
  diagramLayout,
  EDGE_LOOK,
  GROUP_HEADER,
  SERVICE_NODE,
  textWidth,
  type Board,
  type BoardId,
  type Box,
  type DiagramLayout,
  type ExportDoc,
  type NodeLayout,
} from '@archboard/shared';
import { BoardTokens } from '../../server/src/auth/BoardTokens';

/** What the export and history tests need of a running server. */
export interface HttpTarget {
  url: string;
}

export interface CreatedBoard {
  id: string;
  editToken: string;
  viewToken: string;
}

/** `POST /api/boards` with an export file as the body: the import the landing page makes. */
export async function importBoard(server: HttpTarget, file: ExportDoc | string): Promise<CreatedBoard> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof file === 'string' ? file : JSON.stringify(file),
  });
  if (response.status !== 201) throw new Error(`import answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as CreatedBoard;
}

/** A whole HTTP answer: the body is always read, so no response is left half-sent. */
export interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  /** The body parsed as JSON (an error answer's `{ error }`). */
  json<T = { error: string; problems?: string[] }>(): T;
}

/**
 * A GET with the token as `Authorization: Bearer`, as scripts send it. The body is read
 * in full: a response left unread holds its connection busy, and with it the server's
 * graceful shutdown.
 */
export async function getWith(
  server: HttpTarget,
  path: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });
  const body = Buffer.from(await response.arrayBuffer());
  const text = body.toString('utf8');
  return { status: response.status, headers: response.headers, body, text, json: <T>() => JSON.parse(text) as T };
}

/** GET that must answer 200; resolves with the body as bytes. */
export async function getBytes(server: HttpTarget, path: string, token: string): Promise<Buffer> {
  const answer = await getWith(server, path, token);
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

/** GET that must answer 200; resolves with the body as text. */
export async function getText(server: HttpTarget, path: string, token: string): Promise<string> {
  return (await getBytes(server, path, token)).toString('utf8');
}

/**
 * Board tokens signed with a known AUTH_SECRET, by the server's own signer (HS256 JWTs
 * through jose): for a board id the server never created, to tell 404 from 401 and 403.
 */
export function tokensFor(
  secret: string,
  board: string,
  generation = 0,
): Promise<{ ownerToken: string; editToken: string; viewToken: string }> {
  // Signing only: the generation is given, so the store behind it is never asked.
  const tokens = new BoardTokens(new TextEncoder().encode(secret), { linkGeneration: async () => generation });
  return tokens.issue(board as BoardId, generation);
}

/** The board an export document describes, and where an export draws everything of it. */
export function layoutOf(doc: ExportDoc | string): { board: Board; layout: DiagramLayout } {
  const board = boardFromExport(typeof doc === 'string' ? (JSON.parse(doc) as ExportDoc) : doc);
  return { board, layout: diagramLayout(board) };
}

// ---------------------------------------------------------------------------------------
// XML

export { checkXml, unescapeXml, type XmlElement } from '@archboard/shared/testing';

// ---------------------------------------------------------------------------------------
// PNG

export type Rgb = [number, number, number];

export const hexColor = (hex: string): Rgb => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
];

/** How far a colour is from another: the largest difference of one channel. */
export const colorDistance = (a: Rgb, b: Rgb): number =>
  Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));

/**
 * A decoded PNG export read in diagram coordinates: a diagram point p is at image pixel
 * (p - bounds.origin) × scale. A pixel counts as drawn when it is opaque and at least
 * `threshold` away from the background colour in some channel (container fills, at 4 %
 * opacity, stay below it; every stroke, icon and glyph core is far above).
 */
export class Raster {
  readonly width: number;
  readonly height: number;
  private readonly data: Buffer;

  constructor(
    png: Buffer,
    readonly bounds: Box,
    readonly scale: number,
    readonly background: Rgb,
    readonly threshold = 48,
  ) {
    const image = PNG.sync.read(png);
    this.width = image.width;
    this.height = image.height;
    this.data = image.data;
  }

  /** RGBA of image pixel (ix, iy). */
  pixel(ix: number, iy: number): [number, number, number, number] {
    const at = (iy * this.width + ix) * 4;
    return [this.data[at]!, this.data[at + 1]!, this.data[at + 2]!, this.data[at + 3]!];
  }

  drawnAt(ix: number, iy: number): boolean {
    if (ix < 0 || iy < 0 || ix >= this.width || iy >= this.height) return false;
    const [r, g, b, a] = this.pixel(ix, iy);
    return a > 128 && colorDistance([r, g, b], this.background) >= this.threshold;
  }

  /** The image pixel a diagram point falls in. */
  toImage(x: number, y: number): [number, number] {
    return [Math.floor((x - this.bounds.x) * this.scale), Math.floor((y - this.bounds.y) * this.scale)];
  }

  /** Drawn pixels in the image (or in one diagram box of it). */
  countDrawn(box?: Box): number {
    const [x0, y0] = box ? this.toImage(box.x, box.y) : [0, 0];
    const [x1, y1] = box ? this.toImage(box.x + box.w, box.y + box.h) : [this.width, this.height];
    let drawn = 0;
    for (let iy = Math.max(0, y0); iy < Math.min(this.height, y1); iy++) {
      for (let ix = Math.max(0, x0); ix < Math.min(this.width, x1); ix++) {
        const at = (iy * this.width + ix) * 4;
        const d = this.data;
        if (
          d[at + 3]! > 128 &&
          (Math.abs(d[at]! - this.background[0]) >= this.threshold ||
            Math.abs(d[at + 1]! - this.background[1]) >= this.threshold ||
            Math.abs(d[at + 2]! - this.background[2]) >= this.threshold)
        )
          drawn++;
      }
    }
    return drawn;
  }
}

/** Where a service node's icon is drawn (as toSvg places it). */
export function iconBox(layout: NodeLayout): Box {
  const { x, y, w } = layout.box;
  const { iconSize, iconTop } = SERVICE_NODE;
  return { x: x + (w - iconSize) / 2, y: y + iconTop, w: iconSize, h: iconSize };
}

const grow = (b: Box, by: number): Box => ({ x: b.x - by, y: b.y - by, w: b.w + 2 * by, h: b.h + 2 * by });
const inside = (p: { x: number; y: number }, b: Box) =>
  p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;

/**
 * What an export draws on top of edges (node icons and labels, notes, edge labels) and
 * container headers: edge pixels there are not expected to show.
 */
function coveringBoxes(layout: DiagramLayout): Box[] {
  const boxes: Box[] = [];
  for (const l of layout.layouts.values()) {
    if (l.shape === 'group') {
      const label = textWidth(l.node.label || 'Container label', GROUP_HEADER.fontSize, 600);
      boxes.push({ x: l.box.x, y: l.box.y, w: GROUP_HEADER.iconSize + GROUP_HEADER.gap + label, h: 24 });
    } else boxes.push(l.box);
  }
  for (const route of layout.routes) {
    if (!route.edge.label) continue;
    const w = textWidth(route.edge.label, 11.5, 600) + 18;
    boxes.push({ x: route.labelX - w / 2, y: route.labelY - 10, w, h: 20 });
  }
  return boxes.map((b) => grow(b, 3));
}

export interface EdgeSampling {
  edge: string;
  style: string;
  /** Points sampled along the route's straight runs. */
  samples: number;
  /** Samples with no drawn pixel near them. */
  missed: { x: number; y: number }[];
}

/**
 * Walks every segment between consecutive `points` of every route and samples a point
 * every `step` diagram px (leaving out the 12 px around each bend, where the drawn curve
 * cuts the corner, and what is drawn over edges). A sample is found when a drawn pixel
 * lies within ±1 diagram px of it across the line and, for dashed styles, within half a
 * dash period along it (a sample may fall in a gap).
 */
export function sampleEdges(raster: Raster, layout: DiagramLayout, step = 5): EdgeSampling[] {
  const covered = coveringBoxes(layout);
  return layout.routes.map((route) => {
    const look = EDGE_LOOK[route.edge.style];
    const period = look.dash ? look.dash.split(' ').reduce((sum, n) => sum + Number(n), 0) : 0;
    const along = Math.max(1, period / 2);
    const bends = route.points.slice(1, -1);
    const result: EdgeSampling = { edge: route.edge.id, style: route.edge.style, samples: 0, missed: [] };
    for (let i = 0; i + 1 < route.points.length; i++) {
      const a = route.points[i]!;
      const b = route.points[i + 1]!;
      const length = Math.hypot(b.x - a.x, b.y - a.y);
      if (length < 1) continue;
      const dir = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
      const normal = { x: -dir.y, y: dir.x };
      for (let s = 0; s <= length; s += step) {
        const p = { x: a.x + dir.x * s, y: a.y + dir.y * s };
        if (bends.some((c) => Math.hypot(c.x - p.x, c.y - p.y) < 12)) continue;
        if (covered.some((box) => inside(p, box))) continue;
        result.samples++;
        let found = false;
        for (let t = -along; t <= along && !found; t += 0.5 / raster.scale) {
          for (let u = -1; u <= 1 && !found; u += 1 / raster.scale) {
            const [ix, iy] = raster.toImage(p.x + dir.x * t + normal.x * u, p.y + dir.y * t + normal.y * u);
            found = raster.drawnAt(ix, iy);
          }
        }
        if (!found) result.missed.push(p);
      }
    }
    return result;
  });
}
