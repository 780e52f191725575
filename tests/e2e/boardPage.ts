import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { boxesOverlap } from '@archboard/shared';
import { launchBrowser } from '../helpers/browser';
import { ROOT, startServer, type RunningServer } from '../helpers/server';

/** Page helpers for driving the board UI the way a person does: mouse, keyboard, drag and drop. */

export const VIEWPORT = { width: 1440, height: 900 };

/** One computed style property of an element, read in the page (these tests compile without the DOM's types). */
export const computedStyle = (
  locator: Locator,
  property:
    | 'overflow'
    | 'cursor'
    | 'visibility'
    | 'boxShadow'
    | 'backgroundColor'
    | 'stroke'
    | 'transform'
    | 'textOverflow'
    | 'zIndex',
): Promise<string> =>
  locator.evaluate(
    (element, name) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(element)[
        name
      ] ?? '',
    property,
  );

/** A box on the screen, as Playwright's boundingBox() gives it. */
export type ScreenBox = { x: number; y: number; width: number; height: number };

/** Whether two boxes on the screen share any area (touching edges do not count): shared's boxesOverlap. */
export const screenBoxesOverlap = (a: ScreenBox, b: ScreenBox): boolean =>
  boxesOverlap({ x: a.x, y: a.y, w: a.width, h: a.height }, { x: b.x, y: b.y, w: b.width, h: b.height });

/** The point at `fraction` (0 the source end, 1 the target end) along an edge's line, in page coordinates. */
export async function edgePoint(edge: Locator, fraction: number): Promise<{ x: number; y: number }> {
  // runs in the page (the tests' TypeScript has no DOM types)
  return edge.locator('.react-flow__edge-path').evaluate((element, at) => {
    const path = element as unknown as {
      getTotalLength(): number;
      getPointAtLength(at: number): { x: number; y: number };
      getScreenCTM(): { a: number; b: number; c: number; d: number; e: number; f: number };
    };
    const p = path.getPointAtLength(path.getTotalLength() * at);
    const m = path.getScreenCTM();
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  }, fraction);
}

/**
 * How far a shape's or text label's text runs past the box that clips it, in screen px:
 * 0 when every line of it shows. `node` is the React Flow node element.
 */
export function labelHiddenPx(node: Locator): Promise<number> {
  // runs in the page (the tests' TypeScript has no DOM types)
  return node.evaluate((element) => {
    type Rect = { top: number; bottom: number };
    type El = { getBoundingClientRect(): Rect; querySelector(selector: string): El };
    const el = element as unknown as El;
    const doc = (
      globalThis as unknown as {
        document: { createRange(): { selectNodeContents(n: El): void; getBoundingClientRect(): Rect } };
      }
    ).document;
    const clip = el.querySelector('.arch-shape__text').getBoundingClientRect();
    const range = doc.createRange();
    range.selectNodeContents(el.querySelector('[data-testid="node-label"]'));
    const text = range.getBoundingClientRect();
    return Math.max(0, clip.top - text.top, text.bottom - clip.bottom);
  });
}

/** A page in its own browser context: its own localStorage, IndexedDB and identity. */
export async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return context.newPage();
}

export async function expectConnected(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 15_000 });
}

/** The React Flow node whose label reads exactly `label`. */
export function nodeByLabel(page: Page, label: string): Locator {
  return page.locator('.react-flow__node').filter({
    has: page.getByTestId('node-label').getByText(label, { exact: true }),
  });
}

/** HTML5 drag and drop of a palette item onto the canvas, at `at` relative to the pane's corner. */
export async function dropComponent(page: Page, kind: string, at: { x: number; y: number }): Promise<void> {
  await page.getByTestId(`palette-item-${kind}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
}

/** Draws an edge with the mouse, from the right handle of one node to the left handle of another. */
export async function connectWithMouse(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.hover();
  const start = await from.getByTestId('handle-right').boundingBox();
  const end = await to.getByTestId('handle-left').boundingBox();
  if (!start || !end) throw new Error('handles not found');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 6 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 6 });
  await page.mouse.up();
}

/** Presses on a node's icon and drags it by `by` pixels. */
export async function dragNode(page: Page, node: Locator, by: { x: number; y: number }): Promise<void> {
  const box = await node.boundingBox();
  if (!box) throw new Error('node not visible');
  const x = box.x + box.width / 2;
  const y = box.y + 30;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by.x / 2, y + by.y / 2, { steps: 5 });
  await page.mouse.move(x + by.x, y + by.y, { steps: 5 });
  await page.mouse.up();
}

/** Where React Flow placed the node (its transform); changes whenever the node moves. */
export const placement = (node: Locator): Promise<string> =>
  node.evaluate((el) => (el as unknown as { style: { transform: string } }).style.transform);

/** The name this page shows to others (the random one it keeps in localStorage). */
export async function userName(page: Page): Promise<string> {
  const stored = await page.evaluate<string | null>('localStorage.getItem("archboard:user")');
  const name = (JSON.parse(stored ?? '{}') as { name?: unknown }).name;
  if (typeof name !== 'string') throw new Error('no user name stored');
  return name;
}

/** The two share links, read from the Share menu the way a user copies them. */
export async function shareLinks(page: Page): Promise<{ edit: string; view: string }> {
  await page.getByTestId('share-button').click();
  const edit = await page.getByTestId('share-edit-link').getAttribute('data-link');
  const view = await page.getByTestId('share-view-link').getAttribute('data-link');
  expect(await page.getByTestId('share-edit-url').inputValue()).toBe(edit);
  expect(await page.getByTestId('share-view-url').inputValue()).toBe(view);
  await page.keyboard.press('Escape');
  if (!edit || !view) throw new Error('share links missing');
  return { edit, view };
}

/**
 * The built server and a headless Chromium for one test file: started before its tests,
 * stopped after them. Read `server` and `browser` inside tests, not at the top level.
 * `env`, read when the server starts, adds to its environment.
 */
export function serverAndBrowser(env: () => Record<string, string> = () => ({})): {
  readonly server: RunningServer;
  readonly browser: Browser;
} {
  const running: { server?: RunningServer; browser?: Browser } = {};
  beforeAll(async () => {
    const clientDir = process.env.ARCHBOARD_TEST_CLIENT_DIR ?? join(ROOT, 'client/dist');
    if (!existsSync(join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} is missing: build first (npm test does)`);
    }
    running.server = await startServer({ env: env() });
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return {
    get server() {
      if (!running.server) throw new Error('the server is not started yet');
      return running.server;
    },
    get browser() {
      if (!running.browser) throw new Error('the browser is not started yet');
      return running.browser;
    },
  };
}
