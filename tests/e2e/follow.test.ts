import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropComponent, expectConnected, nodeByLabel, serverAndBrowser, shareLinks, VIEWPORT } from './boardPage';

const env = serverAndBrowser();

/** A person with a name of their own (not a random one two pages might share), prompt answered. */
async function personNamed(browser: Browser, name: string, color: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const user = JSON.stringify({ name, color, chosen: true });
  await context.addInitScript(`localStorage.setItem('archboard:user', ${JSON.stringify(user)})`);
  return context.newPage();
}

/** What a page shows: the flow point in the middle of its pane, its zoom, its transform and pane size. */
interface View {
  cx: number;
  cy: number;
  zoom: number;
  transform: string;
  w: number;
  h: number;
}

async function viewOf(page: Page): Promise<View> {
  const transform = await page
    .locator('.react-flow__viewport')
    .evaluate((el) => (el as unknown as { style: { transform: string } }).style.transform);
  const m = /translate\((-?[\d.e+-]+)px, (-?[\d.e+-]+)px\) scale\(([\d.e+-]+)\)/.exec(transform);
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!m || !box) throw new Error(`no viewport transform: ${transform}`);
  const [x, y, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return {
    cx: (box.width / 2 - x) / zoom,
    cy: (box.height / 2 - y) / zoom,
    zoom,
    transform,
    w: box.width,
    h: box.height,
  };
}

/** Null when `b` shows what `a` shows (the same middle within 3 flow px, zoom within 2 %), else how they differ. */
async function mismatch(a: Page, b: Page): Promise<string | null> {
  const [va, vb] = await Promise.all([viewOf(a), viewOf(b)]);
  const same = Math.abs(va.cx - vb.cx) < 3 && Math.abs(va.cy - vb.cy) < 3 && Math.abs(vb.zoom / va.zoom - 1) < 0.02;
  if (same) return null;
  const show = (v: View) => `(${v.cx.toFixed(1)}, ${v.cy.toFixed(1)}) ×${v.zoom.toFixed(3)}`;
  return `${show(va)} vs ${show(vb)}`;
}

/** A point of the page's pane with nothing on it (no node, panel or chip), to press and drag. */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('no pane');
  for (const fy of [0.55, 0.7, 0.4, 0.85, 0.25])
    for (const fx of [0.5, 0.3, 0.7, 0.15]) {
      const x = Math.round(box.x + box.width * fx);
      const y = Math.round(box.y + box.height * fy);
      const onPane = await page.evaluate<boolean>(
        `document.elementFromPoint(${x}, ${y})?.classList.contains('react-flow__pane') ?? false`,
      );
      if (onPane) return { x, y };
    }
  throw new Error('no empty spot on the pane');
}

/** Pans the page's view by dragging an empty spot of its pane, the way a person does. */
async function dragPane(page: Page, by: { x: number; y: number }): Promise<void> {
  const at = await emptyPanePoint(page);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + by.x / 2, at.y + by.y / 2, { steps: 4 });
  await page.mouse.move(at.x + by.x, at.y + by.y, { steps: 4 });
  await page.mouse.up();
}

/** Zooms with the mouse wheel over an empty spot of the pane. */
async function wheelZoom(page: Page, deltaY: number): Promise<void> {
  const at = await emptyPanePoint(page);
  await page.mouse.move(at.x, at.y);
  await page.mouse.wheel(0, deltaY);
}

const chip = (page: Page) => page.getByTestId('following-chip');
const avatarOf = (page: Page, name: string) => page.locator(`[data-testid="peer-avatar"][title="${name}"]`);

describe('follow mode', () => {
  // One board for both tests, in order: A draws, B edits, C watches through the view link.
  // C follows A throughout: when C has caught up with a move of A's, that move has reached
  // every page, so B can then be checked for NOT having moved.
  let a: Page;
  let b: Page;
  let c: Page;
  beforeAll(async () => {
    a = await personNamed(env.browser, 'Ada Lovelace', '#1c7ed6');
    await a.goto(`${env.server.url}/`);
    await a.getByTestId('new-board').click();
    await a.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(a);
    const links = await shareLinks(a);
    b = await personNamed(env.browser, 'Grace Hopper', '#e8590c');
    await b.goto(links.edit);
    await expectConnected(b);
    c = await personNamed(env.browser, 'Edsger Dijkstra', '#2f9e44');
    await c.goto(links.view);
    await expectConnected(c);
    await dropComponent(a, 'aws.api-gateway', { x: 160, y: 200 });
    await dropComponent(a, 'aws.lambda', { x: 420, y: 200 });
    await nodeByLabel(b, 'Lambda').waitFor();
  });
  afterAll(async () => {
    for (const page of [a, b, c]) await page?.context().close();
  });

  it('FOLLOW-1 B follows A’s pans and zooms, and stops on its own pan, fit view or minimap, on Escape, on Stop and on a second click', async () => {
    // The same pane on both: following shows the very same zoom, not a fitted one.
    expect((await viewOf(a)).w).toBe((await viewOf(b)).w);
    expect((await viewOf(a)).h).toBe((await viewOf(b)).h);
    await avatarOf(c, 'Ada Lovelace').click();
    await expect.poll(() => chip(c).count()).toBe(1);
    // A viewer may follow, but not bring everyone.
    expect(await c.getByTestId('summon-everyone').count()).toBe(0);

    // B clicks A's avatar: the chip and frame say whom B follows.
    await avatarOf(b, 'Ada Lovelace').click();
    await expect.poll(() => chip(b).count()).toBe(1);
    expect(await chip(b).innerText()).toContain('Following Ada Lovelace');
    expect(await avatarOf(b, 'Ada Lovelace').getAttribute('aria-pressed')).toBe('true');
    expect(await b.getByTestId('follow-frame').getAttribute('style')).toContain('#1c7ed6');

    // A pans by dragging the pane, then zooms with the wheel: B shows what A shows.
    await dragPane(a, { x: -260, y: -140 });
    await wheelZoom(a, -300);
    await expect.poll(async () => (await viewOf(a)).zoom).toBeGreaterThan(1.2);
    await expect.poll(() => mismatch(a, b), { timeout: 10_000 }).toBeNull();
    await wheelZoom(a, 500);
    await dragPane(a, { x: 180, y: 90 });
    await expect.poll(() => mismatch(a, b), { timeout: 10_000 }).toBeNull();
    await expect.poll(() => mismatch(a, c), { timeout: 10_000 }).toBeNull();
    expect(await chip(b).count()).toBe(1);

    // B drags its own pane: it stops following.
    await dragPane(b, { x: 120, y: 70 });
    await expect.poll(() => chip(b).count()).toBe(0);
    expect(await b.getByTestId('follow-frame').count()).toBe(0);
    expect(await avatarOf(b, 'Ada Lovelace').getAttribute('aria-pressed')).toBe('false');
    const bStopped = (await viewOf(b)).transform;
    // A moves again; once C (still following) shows it, B has had every chance to: it stayed.
    await dragPane(a, { x: -200, y: 60 });
    await expect.poll(() => mismatch(a, c), { timeout: 10_000 }).toBeNull();
    expect((await viewOf(b)).transform).toBe(bStopped);
    expect(await mismatch(a, b)).not.toBeNull();

    // A second click on the avatar stops following, and so do Escape and the chip's Stop.
    await avatarOf(b, 'Ada Lovelace').click();
    await expect.poll(() => mismatch(a, b), { timeout: 10_000 }).toBeNull();
    await avatarOf(b, 'Ada Lovelace').click();
    await expect.poll(() => chip(b).count()).toBe(0);
    await avatarOf(b, 'Ada Lovelace').click();
    await expect.poll(() => chip(b).count()).toBe(1);
    await b.keyboard.press('Escape');
    await expect.poll(() => chip(b).count()).toBe(0);
    await avatarOf(b, 'Ada Lovelace').click();
    await b.getByTestId('stop-following').click();
    await expect.poll(() => chip(b).count()).toBe(0);
    // Moves with no pointer event of React Flow's own (fit view, the minimap) are B's own too.
    await avatarOf(b, 'Ada Lovelace').click();
    await expect.poll(() => chip(b).count()).toBe(1);
    await b.locator('.react-flow__controls-fitview').click();
    await expect.poll(() => chip(b).count()).toBe(0);
    await avatarOf(b, 'Ada Lovelace').click();
    await expect.poll(() => chip(b).count()).toBe(1);
    await b
      .getByTestId('minimap')
      .locator('canvas')
      .click({ position: { x: 40, y: 40 } });
    await expect.poll(() => chip(b).count()).toBe(0);
  });

  it('FOLLOW-2 "Bring everyone to me" moves B (not following) to A’s view once, and never pulls it back', async () => {
    await dragPane(b, { x: 250, y: -120 });
    await expect.poll(() => mismatch(a, b)).not.toBeNull();
    await a.getByTestId('summon-everyone').click();
    await expect.poll(() => mismatch(a, b), { timeout: 10_000 }).toBeNull();
    expect(await chip(b).count()).toBe(0);
    // C followed the summoner and still does.
    expect(await chip(c).count()).toBe(1);

    // B pans away; A's later presence (its moves, which carry the same summon) does not pull B back.
    await dragPane(b, { x: -150, y: 100 });
    await expect.poll(() => mismatch(a, b)).not.toBeNull();
    const bAway = (await viewOf(b)).transform;
    await dragPane(a, { x: 90, y: 40 });
    await expect.poll(() => mismatch(a, c), { timeout: 10_000 }).toBeNull();
    expect((await viewOf(b)).transform).toBe(bAway);
  });
});
