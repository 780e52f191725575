import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { displayLabel, textWidth, type Board, type Box, type DiagramLayout, type ExportDoc } from '@archboard/shared';
import { exportNode } from '@archboard/shared/testing';
import { expectConnected, nodeByLabel, userName, VIEWPORT } from './boardPage';

/** Page helpers for the Export menu, imports, the History panel and the files they produce. */

/** A page in its own browser context that accepts downloads (`newPerson` with downloads on). */
export async function newDownloader(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  return context.newPage();
}

export interface CreatedBoard {
  id: string;
  editToken: string;
  viewToken: string;
}

/** Creates a board whose content is an export document, as `POST /api/boards` does for a file. */
export async function createBoardFrom(serverUrl: string, doc: ExportDoc): Promise<CreatedBoard> {
  const response = await fetch(`${serverUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(doc),
  });
  if (response.status !== 201)
    throw new Error(`POST /api/boards answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as CreatedBoard;
}

/** Opens a board by its edit link and waits until it is connected. */
export async function openBoard(page: Page, serverUrl: string, board: CreatedBoard, role: 'edit' | 'view' = 'edit') {
  await page.goto(`${serverUrl}/b/${board.id}#token=${role === 'edit' ? board.editToken : board.viewToken}`);
  await expectConnected(page);
}

/** Two people on `board`, each in a context of their own, and how many sockets the first has opened since. */
export async function twoOnBoard(
  browser: Browser,
  serverUrl: string,
  board: CreatedBoard,
): Promise<{ a: Page; b: Page; socketsOpened: () => number }> {
  const a = await newDownloader(browser);
  const b = await newDownloader(browser);
  await openBoard(a, serverUrl, board);
  await openBoard(b, serverUrl, board);
  let sockets = 0;
  a.on('websocket', () => sockets++);
  return { a, b, socketsOpened: () => sockets };
}

export const nodeCount = (page: Page): Promise<number> => page.locator('.react-flow__node').count();

/** Waits until the page shows every node of `board`, each by the label the canvas gives it. */
export async function expectNodesShown(page: Page, board: Board): Promise<void> {
  for (const node of board.nodes) {
    await expect
      .poll(() => nodeByLabel(page, displayLabel(node)).count(), { timeout: 15_000, message: `node "${node.id}"` })
      .toBeGreaterThanOrEqual(1);
  }
}

export interface Downloaded {
  name: string;
  bytes: Buffer;
  text: string;
}

/** Opens the Export menu unless it is open already. */
export async function openExportMenu(page: Page): Promise<void> {
  if ((await page.getByTestId('export-menu').getAttribute('aria-expanded')) !== 'true')
    await page.getByTestId('export-menu').click();
}

/**
 * Clicks an item of the Export menu (after the given options) and reads the file it
 * downloads; `accept` picks it when the item downloads more than one (Markdown without a
 * view link also downloads its PNG).
 */
export async function exportFile(
  page: Page,
  item: 'export-png' | 'export-svg' | 'export-markdown' | 'export-json',
  options: { pick?: string[]; accept?: (name: string) => boolean } = {},
): Promise<Downloaded> {
  await openExportMenu(page);
  for (const option of options.pick ?? []) {
    await page.getByTestId(option).click();
    expect(await page.getByTestId(option).getAttribute('aria-checked')).toBe('true');
  }
  const accept = options.accept ?? (() => true);
  const [download] = await Promise.all([
    page.waitForEvent('download', { predicate: (d) => accept(d.suggestedFilename()), timeout: 30_000 }),
    page.getByTestId(item).click(),
  ]);
  const failure = await download.failure();
  if (failure) throw new Error(`download of ${download.suggestedFilename()} failed: ${failure}`);
  const bytes = readFileSync(await download.path());
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** The board as this page has it, read the way a user would: Export → JSON. */
export async function exportedJson(page: Page): Promise<string> {
  return (await exportFile(page, 'export-json')).text;
}

const files = mkdtempSync(join(tmpdir(), 'archboard-import-'));
let fileCount = 0;

/** Writes `text` to a new temporary file for a file input. */
export function tempFile(text: string, name = 'board.json'): string {
  const path = join(files, `${++fileCount}-${name}`);
  writeFileSync(path, text);
  return path;
}

/**
 * A file of `count` services with 60,000 characters of notes each: at 24, about 1.4 MB of
 * changes, more than the server takes in one update (MAX_UPDATE_BYTES, 512 KiB).
 */
export function bigNotesFile(count = 24): ExportDoc {
  return {
    format: 'archboard',
    formatVersion: 1,
    title: 'Big notes',
    nodes: Array.from({ length: count }, (_, i) =>
      exportNode(`big${i}`, 'generic.service', (i % 6) * 200, Math.floor(i / 6) * 160, {
        label: `Service ${i}`,
        notes: `${i}:`.padEnd(60_000, 'n'),
      }),
    ),
    edges: [],
    answers: {},
  };
}

/** Picks `text` (as a file) in the Export menu's "Import JSON…". */
export async function importIntoBoard(page: Page, text: string): Promise<void> {
  await openExportMenu(page);
  await page.getByTestId('import-json').setInputFiles(tempFile(text));
}

/**
 * Returns once everything `from` sent before the call has reached `to`: `from` moves its
 * pointer to a new spot, and its cursor moving on `to` (awareness, on the same socket
 * after any document update) shows the earlier messages have been through the server.
 */
export async function settle(from: Page, to: Page): Promise<void> {
  const cursor = to.locator('.remote-cursor', { hasText: await userName(from) });
  const before = (await cursor.count()) > 0 ? await cursor.getAttribute('style') : null;
  const box = await from.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  for (let attempt = 0; attempt < 5; attempt++) {
    const x = box.x + 200 + Math.random() * (box.width - 400);
    const y = box.y + 150 + Math.random() * (box.height - 300);
    await from.mouse.move(x, y, { steps: 3 });
    try {
      await expect
        .poll(async () => ((await cursor.count()) > 0 ? await cursor.getAttribute('style') : null), { timeout: 2_000 })
        .not.toBe(before);
      return;
    } catch {
      // the new spot may have rounded to the old one, or the move was throttled away: move again
    }
  }
  throw new Error(`the pointer of ${await userName(from)} never moved on the other page`);
}

/** With `E2E_SCREENSHOTS=<dir>`, saves a screenshot of the page there, for a person to look at. */
export async function snapshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  await page.waitForTimeout(500); // let a fitView animation finish
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** With `E2E_SCREENSHOTS=<dir>`, keeps a downloaded file there too. */
export function keep(file: Downloaded): void {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) writeFileSync(join(dir, file.name), file.bytes);
}

// ---------------------------------------------------------------------------------------
// PNG checks

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export class Picture {
  constructor(readonly png: PNG) {}

  static decode(bytes: Buffer): Picture {
    return new Picture(PNG.sync.read(bytes));
  }

  get width(): number {
    return this.png.width;
  }

  get height(): number {
    return this.png.height;
  }

  at(x: number, y: number): Rgba | undefined {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return undefined;
    const i = (py * this.width + px) * 4;
    const d = this.png.data;
    return { r: d[i]!, g: d[i + 1]!, b: d[i + 2]!, a: d[i + 3]! };
  }

  /** Whether some pixel within `radius` of (x, y) clearly differs from `background` (more than anti-aliasing or a container's 4 % tint). */
  inkNear(x: number, y: number, background: Rgba, radius: number): boolean {
    for (let dy = -radius; dy <= radius; dy++)
      for (let dx = -radius; dx <= radius; dx++) {
        const p = this.at(x + dx, y + dy);
        if (p && differs(p, background)) return true;
      }
    return false;
  }

  /** The share of pixels in a box (image pixels) that clearly differ from `background`. */
  inkShare(box: Box, background: Rgba): number {
    let ink = 0;
    let all = 0;
    for (let y = Math.ceil(box.y); y < box.y + box.h; y++)
      for (let x = Math.ceil(box.x); x < box.x + box.w; x++) {
        const p = this.at(x, y);
        if (!p) continue;
        all++;
        if (differs(p, background)) ink++;
      }
    return all === 0 ? 0 : ink / all;
  }
}

export const differs = (p: Rgba, q: Rgba): boolean =>
  Math.max(Math.abs(p.r - q.r), Math.abs(p.g - q.g), Math.abs(p.b - q.b), Math.abs(p.a - q.a)) > 48;

/** Diagram coordinates to image pixels: (p − bounds.origin) × scale. */
export const toImage = (layout: DiagramLayout, scale: number) => (p: { x: number; y: number }) => ({
  x: (p.x - layout.bounds.x) * scale,
  y: (p.y - layout.bounds.y) * scale,
});

export interface PathSegment {
  /** Points along the segment, about one diagram pixel apart, in diagram coordinates. */
  samples: { x: number; y: number }[];
}

/**
 * The pieces of an edge's SVG path (`M`, `L` and the `Q` corners that React Flow's
 * smooth-step path is made of), each sampled about every pixel.
 */
export function pathSegments(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let at = { x: 0, y: 0 };
  for (const [, command, args] of path.matchAll(/([MLQ])([^MLQ]*)/g)) {
    const n = (args!.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    if (command === 'M') {
      at = { x: n[0]!, y: n[1]! };
    } else if (command === 'L') {
      const to = { x: n[0]!, y: n[1]! };
      const steps = Math.max(1, Math.ceil(Math.hypot(to.x - at.x, to.y - at.y)));
      const samples = Array.from({ length: steps + 1 }, (_, i) => ({
        x: at.x + ((to.x - at.x) * i) / steps,
        y: at.y + ((to.y - at.y) * i) / steps,
      }));
      segments.push({ samples });
      at = to;
    } else {
      const c = { x: n[0]!, y: n[1]! };
      const to = { x: n[2]!, y: n[3]! };
      const steps = Math.max(2, Math.ceil(Math.hypot(to.x - at.x, to.y - at.y) * 1.2));
      const from = at;
      const samples = Array.from({ length: steps + 1 }, (_, i) => {
        const t = i / steps;
        const u = 1 - t;
        return {
          x: u * u * from.x + 2 * u * t * c.x + t * t * to.x,
          y: u * u * from.y + 2 * u * t * c.y + t * t * to.y,
        };
      });
      segments.push({ samples });
      at = to;
    }
  }
  return segments;
}

/** An edge label's pill (as `toSvg` draws it), in diagram coordinates, grown by `margin`. */
export function edgeLabelBox(route: DiagramLayout['routes'][number], margin: number): Box | undefined {
  if (!route.edge.label) return undefined;
  const w = textWidth(route.edge.label, 11.5, 600) + 18 + 2 * margin;
  const h = 20 + 2 * margin;
  return { x: route.labelX - w / 2, y: route.labelY - h / 2, w, h };
}

export const inside = (p: { x: number; y: number }, b: Box): boolean =>
  p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;

// ---------------------------------------------------------------------------------------
// History panel

/** Opens the History panel unless it is open already. */
export async function openHistory(page: Page): Promise<void> {
  if ((await page.getByTestId('toggle-history').getAttribute('aria-pressed')) !== 'true')
    await page.getByTestId('toggle-history').click();
  await page.getByTestId('history-panel').waitFor();
}

/** The History panel's entry for the version called `name`. */
export const versionItem = (page: Page, name: string): Locator =>
  page.getByTestId('history-item').filter({ has: page.locator('strong').getByText(name, { exact: true }) });

/** Saves the board as a named version through the panel and waits for it to be listed. */
export async function saveVersion(page: Page, name: string): Promise<void> {
  await openHistory(page);
  await page.getByTestId('history-name').fill(name);
  await page.getByTestId('history-save').click();
  await expect.poll(() => versionItem(page, name).count(), { timeout: 10_000 }).toBe(1);
  expect(await versionItem(page, name).getAttribute('data-kind')).toBe('named');
}

/** Renames a node the way a person does: double-click its label, type, Enter. */
export async function renameNode(page: Page, from: string, to: string): Promise<void> {
  await nodeByLabel(page, from).getByTestId('node-label').dblclick();
  const input = page.getByTestId('node-label-input');
  await input.fill(to);
  await input.press('Enter');
}

export { exportNode } from '@archboard/shared/testing';
