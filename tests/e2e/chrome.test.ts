import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ExportDoc } from '@archboard/shared';
import {
  computedStyle,
  connectWithMouse,
  edgePoint,
  expectConnected,
  nodeByLabel,
  screenBoxesOverlap,
  serverAndBrowser,
  VIEWPORT,
} from './boardPage';
import { createInterviewBoard } from '../helpers/server';
import { createBoardFrom, openBoard, snapshot, type CreatedBoard, exportNode as node } from './exportPage';

/** The page around the canvas: theme, edge legend, shortcut sheet, your name and colour. */

const env = serverAndBrowser();

/** A page in its own context whose system asks for `scheme`. */
async function personWith(browser: Browser, scheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: scheme });
  return context.newPage();
}

/** Something of everything the theme colours: containers, services, a note, all four line styles, labels. */
const BOARD: ExportDoc = {
  format: 'archboard',
  formatVersion: 1,
  title: 'Orders',
  nodes: [
    node('cloud', 'group.cloud', 120, 0, { w: 860, h: 470, label: 'AWS Cloud' }),
    node('vpc', 'group.vpc', 220, 70, { parent: 'cloud', w: 580, h: 360, label: 'Orders VPC' }),
    node('user', 'generic.user', -120, 190, { label: 'Shopper' }),
    node('api', 'aws.api-gateway', 50, 190, { parent: 'cloud', label: 'API' }),
    node('fn', 'aws.lambda', 70, 120, { parent: 'vpc', label: 'Orders' }),
    node('db', 'aws.dynamodb', 380, 40, { parent: 'vpc', label: 'Orders table' }),
    node('replica', 'aws.dynamodb', 380, 220, { parent: 'vpc', label: 'Replica' }),
    node('q', 'aws.sqs', 1060, 120, { label: 'Order events' }),
    node('memo', 'note', 1030, 300, { w: 230, h: 120, label: 'Assumptions: 2k orders/s at peak, p99 under 200 ms.' }),
  ],
  edges: [
    { id: 'e1', source: 'user', target: 'api', style: 'sync', label: 'HTTPS' },
    { id: 'e2', source: 'api', target: 'fn', style: 'sync', label: '' },
    { id: 'e3', source: 'fn', target: 'db', style: 'data', label: 'writes' },
    { id: 'e4', source: 'db', target: 'replica', style: 'replication', label: '' },
    { id: 'e5', source: 'fn', target: 'q', style: 'async', label: 'order placed' },
  ],
  answers: {},
};

const DARK_CANVAS = 'rgb(15, 23, 42)'; // shared THEMES.dark.background
const canvasBackground = (page: Page) => computedStyle(page.getByTestId('canvas'), 'backgroundColor');
const dataTheme = (page: Page) => page.evaluate<string | undefined>('document.documentElement.dataset.theme');

async function openBoardWith(page: Page, board: CreatedBoard): Promise<void> {
  await openBoard(page, env.server.url, board);
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(BOARD.nodes.length);
}

/** Every control of the board's header lies within the page's `width` (`who` names the case in a failure). */
async function expectHeaderOnScreen(page: Page, width: number, who: string): Promise<void> {
  const controls = page.locator('.board-header').locator('a, button, input');
  expect(await controls.count()).toBeGreaterThan(8);
  for (const control of await controls.all()) {
    const box = (await control.boundingBox())!;
    const name = `${who}: ${(await control.getAttribute('data-testid')) ?? (await control.getAttribute('title'))}`;
    expect(box.x, name).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name).toBeLessThanOrEqual(width);
  }
}

/** Clicks the middle of an edge's line (the middle of its box may be off the line). */
async function clickEdge(page: Page, id: string): Promise<void> {
  const point = await edgePoint(page.locator(`.react-flow__edge[data-id="${id}"]`), 0.5);
  await page.mouse.click(point.x, point.y);
}

async function pickTheme(page: Page, theme: 'system' | 'light' | 'dark'): Promise<void> {
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId(`theme-${theme}`).click();
  await expect.poll(() => page.getByTestId('theme-toggle').getAttribute('data-preference')).toBe(theme);
}

describe('the page around the canvas', () => {
  it('CHROME-1 the dark theme follows the system, and a picked theme is kept over a reload, before any script of the app runs', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);

    // The system asks for dark and nothing is picked: dark.
    const night = await personWith(env.browser, 'dark');
    await openBoardWith(night, board);
    expect(await dataTheme(night)).toBe('dark');
    expect(await canvasBackground(night)).toBe(DARK_CANVAS);
    await night.context().close();

    // A light system, dark picked by hand: dark, and still dark after a reload.
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, board);
    expect(await dataTheme(page)).toBe('light');
    expect(await canvasBackground(page)).not.toBe(DARK_CANVAS);
    await pickTheme(page, 'dark');
    expect(await dataTheme(page)).toBe('dark');
    expect(await canvasBackground(page)).toBe(DARK_CANVAS);
    // Edges take the dark theme's colours (shared THEMES.dark.edge.sync).
    const sync = page.locator('.react-flow__edge[data-id="e2"] .react-flow__edge-path');
    expect(await computedStyle(sync, 'stroke')).toBe('rgb(148, 163, 184)');

    await page.reload();
    await expectConnected(page);
    expect(await dataTheme(page)).toBe('dark');
    expect(await canvasBackground(page)).toBe(DARK_CANVAS);
    expect(await page.getByTestId('theme-toggle').getAttribute('data-preference')).toBe('dark');

    // No flash: index.html sets the theme itself, with the app's scripts not even loaded.
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.reload();
    expect(await dataTheme(page)).toBe('dark');
    expect(await computedStyle(page.locator('body'), 'backgroundColor')).not.toBe('rgb(245, 246, 248)');
    await page.unroute('**/assets/*.js');

    // Back to following the system (light here).
    await page.reload();
    await expectConnected(page);
    await pickTheme(page, 'system');
    expect(await dataTheme(page)).toBe('light');
    await page.context().close();
  });

  it('CHROME-2 the edge legend shows the four line styles, and hiding it is kept over a reload', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, board);
    const legend = page.getByTestId('edge-legend');
    await legend.waitFor();
    const items = legend.locator('li');
    expect(await items.count()).toBe(4);
    for (const [i, text] of ['Sync', 'Async', 'Data', 'Replication'].entries())
      expect(await items.nth(i).innerText()).toContain(text);

    // It sits over the canvas's bottom left corner, inside the canvas's box.
    const canvasBox = (await page.getByTestId('canvas').boundingBox())!;
    const legendBox = (await legend.boundingBox())!;
    expect(legendBox.x).toBeGreaterThanOrEqual(canvasBox.x);
    expect(legendBox.x + legendBox.width).toBeLessThan(canvasBox.x + canvasBox.width / 2);
    expect(legendBox.y + legendBox.height).toBeLessThanOrEqual(canvasBox.y + canvasBox.height);
    expect(legendBox.y).toBeGreaterThan(canvasBox.y + canvasBox.height / 2);

    await page.getByTestId('legend-toggle').click();
    await legend.waitFor({ state: 'detached' });
    expect(await page.getByTestId('legend-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await expectConnected(page);
    await page.getByTestId('legend-toggle').waitFor();
    expect(await page.getByTestId('edge-legend').count()).toBe(0);

    await page.getByTestId('legend-toggle').click();
    await legend.waitFor();
    await page.reload();
    await expectConnected(page);
    await legend.waitFor();
    await page.context().close();

    // Never chosen: closed on a board without connections, open once it has one.
    const fresh = await personWith(env.browser, 'light');
    await openBoardWith(fresh, await createBoardFrom(env.server.url, { ...BOARD, edges: [] }));
    await fresh.getByTestId('legend-toggle').waitFor();
    expect(await fresh.getByTestId('legend-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await fresh.getByTestId('edge-legend').count()).toBe(0);
    await connectWithMouse(fresh, nodeByLabel(fresh, 'Shopper'), nodeByLabel(fresh, 'API'));
    await fresh.getByTestId('edge-legend').waitFor();
    await fresh.context().close();
  });

  it('CHROME-3 ? opens the shortcut sheet, Escape closes it; ? typed into a text field is just text', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, board);
    const sheet = page.getByTestId('shortcut-sheet');

    await page.getByTestId('canvas').click({ position: { x: 400, y: 600 } });
    await page.keyboard.press('?');
    await sheet.waitFor();
    const text = await sheet.innerText();
    for (const action of ['Undo', 'Redo', 'Delete the selection', 'Select an area', 'Show these shortcuts'])
      expect(text).toContain(action);

    // Keys pressed in the sheet stay in it: Delete does not reach a selection behind it.
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await nodeByLabel(page, 'Orders').click();
    await page.keyboard.press('Shift+/');
    await sheet.waitFor();
    await page.keyboard.press('Delete');
    expect(await nodeByLabel(page, 'Orders').count()).toBe(1);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    // The header's button opens it too.
    await page.getByTestId('shortcuts-button').click();
    await sheet.waitFor();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    // In a text field, ? is a character.
    const title = page.getByTestId('board-title');
    await title.click();
    await page.keyboard.press('End');
    await page.keyboard.type('?');
    expect(await sheet.count()).toBe(0);
    expect(await title.inputValue()).toBe('Orders?');
    await page.context().close();
  });

  it('CHROME-4 the name and colour picked in the dialog are what the other page shows on the cursor and the avatar', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    const a = await personWith(env.browser, 'light');
    const b = await personWith(env.browser, 'light');
    await openBoardWith(a, board);
    await openBoardWith(b, board);

    // First visit: a prompt under the header, not over the canvas, and not holding the keyboard.
    const prompt = a.getByTestId('name-dialog');
    await prompt.waitFor();
    const promptBox = (await prompt.boundingBox())!;
    const canvasBox = (await a.getByTestId('canvas').boundingBox())!;
    expect(promptBox.y + promptBox.height).toBeLessThanOrEqual(canvasBox.y + 1);
    expect(await a.evaluate<boolean>('document.activeElement === document.body')).toBe(true);

    await a.getByTestId('name-input').fill('Ada Lovelace');
    await a.getByTestId('color-1c7ed6').click();
    await a.getByTestId('name-save').click();
    await prompt.waitFor({ state: 'detached' });

    // B sees it on A's cursor and avatar, in A's colour.
    const cursor = b.locator('.remote-cursor', { hasText: 'Ada Lovelace' });
    await a.mouse.move(canvasBox.x + 500, canvasBox.y + 420, { steps: 3 });
    await expect.poll(() => cursor.count()).toBe(1);
    expect(await computedStyle(cursor.locator('.remote-cursor__name'), 'backgroundColor')).toBe('rgb(28, 126, 214)');
    const avatarOnB = b.locator('[data-testid="presence-avatars"] .avatar[title="Ada Lovelace"]');
    await expect.poll(() => avatarOnB.count()).toBe(1);
    expect(await avatarOnB.innerText()).toBe('AL');

    // Renamed again from the avatar: live on B, no reload.
    await a.getByTestId('me-avatar').click();
    const dialog = a.getByTestId('name-dialog');
    await dialog.waitFor();
    expect(await a.getByTestId('name-input').inputValue()).toBe('Ada Lovelace');
    await a.getByTestId('name-input').fill('Grace Hopper');
    await a.getByTestId('color-2f9e44').click();
    await a.getByTestId('name-input').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await a.getByTestId('me-avatar').innerText()).toBe('GH');
    // (A's pointer went to the header, so A has no cursor on B until it is back on the canvas.)
    await a.mouse.move(canvasBox.x + 520, canvasBox.y + 400, { steps: 3 });
    await expect.poll(() => b.locator('.remote-cursor', { hasText: 'Grace Hopper' }).count()).toBe(1);
    await expect.poll(() => b.locator('.avatar[title="Grace Hopper"]').count()).toBe(1);
    expect(await b.locator('.avatar[title="Ada Lovelace"]').count()).toBe(0);

    // Asked once: after a reload A is not asked again and is still Grace.
    await a.reload();
    await expectConnected(a);
    expect(await a.getByTestId('me-avatar').getAttribute('title')).toContain('Grace Hopper');
    expect(await a.getByTestId('name-dialog').count()).toBe(0);

    // "Keep" answers the prompt too: B keeps its random name and is not asked again.
    const bName = await b.getByTestId('me-avatar').getAttribute('title');
    await b.getByTestId('name-keep').click();
    await b.getByTestId('name-dialog').waitFor({ state: 'detached' });
    await b.reload();
    await expectConnected(b);
    expect(await b.getByTestId('name-dialog').count()).toBe(0);
    expect(await b.getByTestId('me-avatar').getAttribute('title')).toBe(bName);

    for (const page of [a, b]) await page.context().close();
  });

  it('CHROME-5 screenshots of the board in light and dark, and the landing page in dark (E2E_SCREENSHOTS)', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, board);
    await page.getByTestId('name-keep').click();
    await nodeByLabel(page, 'Orders').click();
    await clickEdge(page, 'e5');
    await snapshot(page, 'chrome-board-light');
    await pickTheme(page, 'dark');
    await snapshot(page, 'chrome-board-dark');
    await nodeByLabel(page, 'Orders').click();
    await page.getByTestId('me-avatar').click();
    await snapshot(page, 'chrome-board-dark-name');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await snapshot(page, 'chrome-board-dark-shortcuts');
    await page.keyboard.press('Escape');
    await page.goto(`${env.server.url}/`);
    await page.getByTestId('new-board').waitFor();
    await snapshot(page, 'chrome-landing-dark');
    await page.context().close();
  });

  it('CHROME-6 the palette loads its icons once the board is shown: none while the nodes first appear, then all; an empty board gets them when it syncs', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    const page = await personWith(env.browser, 'light');
    // Before any script of the app, at every frame until both are seen: how many of the
    // palette's images ask for a file at the first frame with a node in the DOM, and when the
    // first of them does.
    await page.addInitScript(`
      globalThis.__iconsAtFirstNode = null;
      globalThis.__firstIconAt = null;
      const look = () => {
        const asked = document.querySelectorAll('[data-testid=palette] img[src]').length;
        if (globalThis.__iconsAtFirstNode === null && document.querySelector('.react-flow__node'))
          globalThis.__iconsAtFirstNode = asked;
        if (globalThis.__firstIconAt === null && asked > 0) globalThis.__firstIconAt = performance.now();
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    `);
    await openBoardWith(page, board);
    // Every icon of the palette loaded (and more than 30 of them).
    const iconsLoaded = async () => {
      const { all, loaded } = await page.evaluate<{ all: number; loaded: number }>(`(() => {
        const all = [...document.querySelectorAll('[data-testid=palette] img')];
        return { all: all.length, loaded: all.filter((img) => img.complete && img.naturalWidth > 0).length };
      })()`);
      return all > 30 && loaded === all;
    };
    await expect.poll(iconsLoaded, { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate<number | null>('globalThis.__iconsAtFirstNode')).toBe(0);

    // An empty board is shown when it syncs: its icons do not wait for the fallback.
    const empty = await createBoardFrom(env.server.url, { ...BOARD, title: 'Empty', nodes: [], edges: [] });
    await openBoard(page, env.server.url, empty);
    await expect.poll(iconsLoaded, { timeout: 10_000 }).toBe(true);
    // The fallback (ICONS_AT_THE_LATEST_MS in the palette) is 5 s after the palette mounts.
    expect(await page.evaluate<number | null>('globalThis.__firstIconAt')).toBeLessThan(4000);
    expect(await page.evaluate<number | null>('globalThis.__iconsAtFirstNode')).toBe(null);
    await page.context().close();
  });

  it('CHROME-7 the palette search lists the best match first; Enter adds it to the board, Escape clears the search', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, board);
    await expectConnected(page);
    const items = page.locator('[data-testid^="palette-item-"]');
    const everything = await items.count();
    const search = page.getByTestId('palette-search');
    // "s3" is also in CloudFront's and Lambda's descriptions, whose layers come before S3's.
    await search.fill('s3');
    await expect.poll(() => items.first().getAttribute('data-testid')).toBe('palette-item-aws.s3');
    expect(await page.getByTestId('palette-item-aws.cloudfront').count()).toBe(1); // listed, after
    await search.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(BOARD.nodes.length + 1);
    await expect.poll(() => nodeByLabel(page, 'S3').count()).toBe(1);
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await expect.poll(() => items.count()).toBe(everything);
    await page.context().close();
  });

  it('CHROME-8 a fitted diagram is never under the open legend, the minimap or the controls', async () => {
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, await createBoardFrom(env.server.url, BOARD));
    const pane = (await page.getByTestId('canvas').boundingBox())!;
    // A node in each corner of a diagram a little wider than the pane's free area (FIT_VIEW's
    // padding, 56 px and 212 px): fitted, it fills the width and nearly the height, so the corners are where
    // anything over the canvas's corners would cover them.
    const width = 2400;
    const height = Math.round((width * (pane.height - 56 - 212)) / (pane.width - 112) / 1.1);
    const corners = (['tl', 'tr', 'bl', 'br'] as const).map((id) =>
      node(id, 'aws.lambda', id.endsWith('l') ? 0 : width, id.startsWith('t') ? 0 : height, { label: id }),
    );
    await openBoard(
      page,
      env.server.url,
      await createBoardFrom(env.server.url, { ...BOARD, nodes: corners, edges: [] }),
    );
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    // No connections: the legend starts closed; open, it is at its largest.
    await page.getByTestId('legend-toggle').click();
    await page.getByTestId('edge-legend').waitFor();
    await page.waitForTimeout(300); // the fit on load
    const boxes = async (selector: string) =>
      Promise.all((await page.locator(selector).all()).map(async (el) => (await el.boundingBox())!));
    const nodes = await boxes('.react-flow__node');
    expect(Math.min(...nodes.map((b) => b.x)) - pane.x).toBeLessThan(80);
    expect(pane.x + pane.width - Math.max(...nodes.map((b) => b.x + b.width))).toBeLessThan(80);
    expect(Math.min(...nodes.map((b) => b.y)) - pane.y).toBeLessThan(150);
    for (const selector of ['[data-testid=edge-legend]', '.react-flow__minimap', '.react-flow__controls']) {
      const [over] = await boxes(selector);
      expect(over, selector).toBeDefined();
      for (const box of nodes) expect(screenBoxesOverlap(box, over!), `${selector} over a node`).toBe(false);
    }
    await page.context().close();
  });

  it("CHROME-9 a node's handles sit centred on its sides, resting and live, and the resting ones carry no transform", async () => {
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, await createBoardFrom(env.server.url, BOARD));
    const fn = page.locator('.react-flow__node[data-id="fn"]');
    const handles = async () => {
      const node = (await fn.boundingBox())!;
      const out: Record<string, { x: number; y: number; transform: string }> = {};
      for (const side of ['top', 'right', 'bottom', 'left']) {
        const handle = fn.getByTestId(`handle-${side}`);
        const box = (await handle.boundingBox())!;
        out[side] = {
          x: box.x + box.width / 2 - node.x,
          y: box.y + box.height / 2 - node.y,
          transform: await computedStyle(handle, 'transform'),
        };
      }
      return { node, out };
    };
    // At rest: plain elements, placed by margins (a transform each would be a node of its
    // own in Chromium's property trees, 4,000 of them on a 1,000-node board).
    const resting = await handles();
    for (const side of Object.values(resting.out)) expect(side.transform).toBe('none');
    const { node, out } = resting;
    // Top and bottom on the vertical middle line, the bottom one on the node's lower edge;
    // left and right on one line, mirrored about the middle (on a service node, on the icon).
    expect(Math.abs(out.top!.x - node.width / 2)).toBeLessThan(0.6);
    expect(Math.abs(out.bottom!.x - node.width / 2)).toBeLessThan(0.6);
    expect(Math.abs(out.bottom!.y - node.height)).toBeLessThan(0.6);
    expect(Math.abs(out.left!.y - out.right!.y)).toBeLessThan(0.6);
    expect(Math.abs(out.left!.x + out.right!.x - node.width)).toBeLessThan(0.6);
    // Hovered, the node shows React Flow's own handles in the same places.
    await fn.hover();
    await expect.poll(() => fn.locator('.react-flow__handle.connectable').first().isVisible()).toBe(true);
    const live = (await handles()).out;
    for (const side of ['top', 'right', 'bottom', 'left']) {
      expect(Math.abs(live[side]!.x - out[side]!.x), side).toBeLessThan(0.6);
      expect(Math.abs(live[side]!.y - out[side]!.y), side).toBeLessThan(0.6);
    }
    // The edge into it ends on one of them.
    const end = await edgePoint(page.locator('.react-flow__edge[data-id="e2"]'), 1);
    const nearest = Math.min(...Object.values(out).map((h) => Math.hypot(node.x + h.x - end.x, node.y + h.y - end.y)));
    expect(nearest).toBeLessThan(8);
    await page.context().close();
  });

  it('CHROME-11 a side panel opened or closed keeps the middle of the canvas in the middle (the diagram framed on load does not slide under the panel); one that no longer fits is fitted again', async () => {
    const page = await personWith(env.browser, 'light');
    await openBoardWith(page, await createBoardFrom(env.server.url, BOARD));
    await page.waitForTimeout(300); // the fit on load
    /** Where the middle of the diagram is, against the middle of the canvas (screen px). */
    const offCentre = async () => {
      const pane = (await page.getByTestId('canvas').boundingBox())!;
      const boxes = await Promise.all(
        (await page.locator('.react-flow__node').all()).map(async (el) => (await el.boundingBox())!),
      );
      const left = Math.min(...boxes.map((b) => b.x));
      const right = Math.max(...boxes.map((b) => b.x + b.width));
      const top = Math.min(...boxes.map((b) => b.y));
      const bottom = Math.max(...boxes.map((b) => b.y + b.height));
      return {
        x: (left + right) / 2 - (pane.x + pane.width / 2),
        y: (top + bottom) / 2 - (pane.y + pane.height / 2),
        width: pane.width,
      };
    };
    // The questions panel is open on a wide window: closing it widens the canvas, opening it again narrows it.
    await page.getByTestId('questions-panel').waitFor();
    const framed = await offCentre();
    await page.getByTestId('toggle-questions').click();
    await expect.poll(async () => (await offCentre()).width).toBeGreaterThan(framed.width + 200);
    const widened = await offCentre();
    expect(Math.abs(widened.x - framed.x)).toBeLessThan(2);
    expect(Math.abs(widened.y - framed.y)).toBeLessThan(2);
    await page.getByTestId('toggle-questions').click();
    await expect.poll(async () => (await offCentre()).width).toBe(framed.width);
    const back = await offCentre();
    expect(Math.abs(back.x - framed.x)).toBeLessThan(2);
    expect(Math.abs(back.y - framed.y)).toBeLessThan(2);

    // Fitted to the wide canvas, the diagram does not fit the narrow one: opening the panel
    // fits it again, whole, rather than cutting off both of its ends.
    await page.getByTestId('toggle-questions').click();
    await expect.poll(async () => (await offCentre()).width).toBe(widened.width);
    await page.keyboard.press('Shift+Digit1');
    await page.waitForTimeout(400); // the fit's animation
    await page.getByTestId('toggle-questions').click();
    await expect.poll(async () => (await offCentre()).width).toBe(framed.width);
    const pane = (await page.getByTestId('canvas').boundingBox())!;
    await expect
      .poll(async () => {
        const boxes = await Promise.all(
          (await page.locator('.react-flow__node').all()).map(async (el) => (await el.boundingBox())!),
        );
        return boxes.every(
          (b) =>
            b.x >= pane.x &&
            b.y >= pane.y &&
            b.x + b.width <= pane.x + pane.width &&
            b.y + b.height <= pane.y + pane.height,
        );
      })
      .toBe(true);
    await page.context().close();
  });

  it('CHROME-10 at 1024 px wide every control of the header is on screen, for an editor, a viewer and an interview host', async () => {
    // A long title: the view-only page shows it as text, cut with an ellipsis.
    const board = await createBoardFrom(env.server.url, {
      ...BOARD,
      title: 'Orders, payments and the nightly reports',
    });
    const interview = await createInterviewBoard(env.server, { title: 'Design a chat service' });
    const pages = [
      { who: 'editor', open: (page: Page) => openBoardWith(page, board) },
      {
        who: 'viewer',
        open: async (page: Page) => {
          await page.goto(`${env.server.url}/b/${board.id}#token=${board.viewToken}`);
          await expectConnected(page);
          await page.getByTestId('view-only-badge').waitFor();
        },
      },
      {
        who: 'host',
        open: async (page: Page) => {
          await page.goto(`${env.server.url}/b/${interview.id}#token=${interview.hostToken}`);
          await expectConnected(page);
          await page.getByTestId('host-notes-toggle').waitFor();
        },
      },
    ];
    for (const { who, open } of pages) {
      const context = await env.browser.newContext({ viewport: { width: 1024, height: 700 } });
      const page = await context.newPage();
      await open(page);
      await expectHeaderOnScreen(page, 1024, who);
      if (who === 'viewer') {
        // the badge on one line, the title cut with an ellipsis and whole in its tooltip
        expect((await page.getByTestId('view-only-badge').boundingBox())!.height).toBeLessThan(30);
        const title = page.locator('.title-field--readonly');
        expect(await computedStyle(title, 'textOverflow')).toBe('ellipsis');
        expect(
          await title.evaluate(
            (el) =>
              (el as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth >
              (el as unknown as { clientWidth: number }).clientWidth,
          ),
        ).toBe(true);
        expect(await title.getAttribute('title')).toBe('Orders, payments and the nightly reports');
      }
      // The short names, with the whole one as the title.
      expect(await page.getByTestId('toggle-questions').innerText()).toBe('Questions');
      expect(await page.getByTestId('toggle-questions').getAttribute('title')).toBe('Design questions');
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/chrome-1024-${who}.png` });
      await context.close();
    }
  });

  it('CHROME-12 on a phone (390 px) and an upright tablet (768 px) every header control is on screen; on the phone the palette is a drawer and the legend starts closed', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    for (const width of [768, 390]) {
      const context = await env.browser.newContext({ viewport: { width, height: 844 } });
      const page = await context.newPage();
      await openBoardWith(page, board);
      await expectHeaderOnScreen(page, width, `${width} px`);
      const palette = page.getByTestId('palette');
      const toggle = page.getByTestId('palette-toggle');
      const canvasWidth = async () => (await page.getByTestId('canvas').boundingBox())!.width;
      if (width === 768) {
        // Wide enough for the palette beside the canvas: no drawer.
        expect(await palette.isVisible()).toBe(true);
        expect(await toggle.isVisible()).toBe(false);
        await context.close();
        continue;
      }
      // The canvas takes the whole width; the palette waits behind the Add button.
      expect(await canvasWidth()).toBe(width);
      expect(await palette.isVisible()).toBe(false);
      expect(await page.getByTestId('edge-legend').count()).toBe(0);
      await toggle.click();
      await expect.poll(() => palette.isVisible()).toBe(true);
      await page.getByTestId('palette-item-aws.s3').click();
      // The part added, the drawer closes so that the new node shows.
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(BOARD.nodes.length + 1);
      await expect.poll(() => palette.isVisible()).toBe(false);
      // A side panel covers the whole canvas, the properties card of the new node under it.
      await page.getByTestId('toggle-questions').click();
      const panel = page.getByTestId('questions-panel');
      await panel.waitFor();
      expect(await panel.boundingBox()).toMatchObject({ x: 0, width });
      const card = (await page.getByTestId('properties-panel').boundingBox())!;
      const onTop = `document.elementFromPoint(${card.x + card.width / 2}, ${card.y + card.height / 2})?.closest('[data-testid="questions-panel"]') != null`;
      expect(await page.evaluate<boolean>(onTop)).toBe(true);
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/chrome-${width}.png` });
      await context.close();
    }
  });

  it('CHROME-14 two people who have not picked their colour never share one; a picked colour stays', async () => {
    const board = await createBoardFrom(env.server.url, BOARD);
    const ORANGE = '#e8590c';
    const as = async (name: string, chosen: boolean) => {
      const page = await personWith(env.browser, 'light');
      const user = JSON.stringify({ name, color: ORANGE, ...(chosen ? { chosen: true } : {}) });
      await page.addInitScript({ content: `localStorage.setItem('archboard:user', ${JSON.stringify(user)});` });
      await openBoardWith(page, board);
      return page;
    };
    const own = (page: Page) => computedStyle(page.getByTestId('me-avatar'), 'backgroundColor');
    const seenOn = (page: Page, name: string) =>
      computedStyle(page.locator(`[data-testid="presence-avatars"] .avatar[title="${name}"]`), 'backgroundColor');
    const orange = 'rgb(232, 89, 12)';

    // Ada picked orange and keeps it; Ben's orange was drawn at random, so Ben's moves.
    const ada = await as('Ada', true);
    const ben = await as('Ben', false);
    await expect.poll(() => own(ben)).not.toBe(orange);
    expect(await own(ada)).toBe(orange);
    await expect.poll(async () => (await seenOn(ada, 'Ben')) === (await own(ben))).toBe(true);
    expect(await seenOn(ben, 'Ada')).toBe(orange);
    // Ben's name prompt shows the colour Ben has now.
    const benColor = await ben.evaluate<string>(`JSON.parse(localStorage.getItem('archboard:user')).color`);
    expect(await ben.getByTestId(`color-${benColor.slice(1)}`).getAttribute('aria-checked')).toBe('true');

    // Two people who both drew orange part.
    const cy = await as('Cy', false);
    const dee = await as('Dee', false);
    await expect
      .poll(async () => new Set([await own(ada), await own(ben), await own(cy), await own(dee)]).size)
      .toBe(4);
    await expect.poll(async () => (await seenOn(cy, 'Dee')) === (await own(dee))).toBe(true);
    for (const page of [ada, ben, cy, dee]) await page.context().close();
  });

  it('CHROME-13 on a phone the interview bar wraps: the phase, the clock, the status and every host control are on screen', async () => {
    const interview = await createInterviewBoard(env.server, { title: 'Design a chat service' });
    const width = 390;
    const context = await env.browser.newContext({ viewport: { width, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/b/${interview.id}#token=${interview.hostToken}`);
    await expectConnected(page);
    const bar = page.getByTestId('interview-bar');
    await bar.waitFor();
    const parts = [
      page.getByTestId('interview-phase'),
      page.getByTestId('interview-time-left'),
      page.getByTestId('interview-status'),
      ...(await bar.locator('button').all()),
    ];
    expect(parts.length).toBeGreaterThan(5); // the host's Set the problem, Edit phases and Start
    for (const part of parts) {
      const box = (await part.boundingBox())!;
      const name = (await part.getAttribute('data-testid')) ?? (await part.innerText());
      expect(box.width, `${name} has room`).toBeGreaterThan(8);
      expect(box.x, name).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, name).toBeLessThanOrEqual(width);
    }
    // The empty board's hint points at the Add button, not at a palette on the left.
    expect(await page.getByTestId('empty-canvas-hint').innerText()).toContain('Tap + below to add components');
    // What the host does first works from there.
    await page.getByTestId('interview-start').click();
    await expect.poll(() => bar.getAttribute('data-status')).toBe('running');
    // The Replay button that the start brings covers neither the legend nor the Add button.
    const replay = (await page.getByTestId('replay-open').boundingBox())!;
    expect(replay.x + replay.width).toBeLessThanOrEqual(width);
    for (const other of ['legend-toggle', 'palette-toggle']) {
      const box = (await page.getByTestId(other).boundingBox())!;
      expect(screenBoxesOverlap(replay, box), `Replay over ${other}`).toBe(false);
    }
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/interview-390.png` });
    await context.close();
  });
});
