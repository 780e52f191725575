import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportFixture } from '@archboard/shared/testing';
import { dropComponent, expectConnected, newPerson, serverAndBrowser } from './boardPage';
import { createBoard } from '../helpers/server';
import { createBoardFrom } from './exportPage';

/**
 * The minimap (canvas/CanvasMiniMap.tsx, drawn on a canvas rather than React Flow's SVG
 * one): it shows the nodes, follows edits from another page, and pans and zooms the view.
 */

const env = serverAndBrowser();

const viewport = (page: Page) =>
  page.evaluate<string>(`document.querySelector('.react-flow__viewport')?.style.transform ?? ''`);

/** How many of the minimap's pixels are drawn in `rgb` (±8 per channel). */
const pixelsOf = (page: Page, [r, g, b]: [number, number, number]) =>
  page.evaluate<number>(`(() => {
    const canvas = document.querySelector('[data-testid="minimap"] canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4)
      if (Math.abs(data[i] - ${r}) <= 8 && Math.abs(data[i + 1] - ${g}) <= 8 && Math.abs(data[i + 2] - ${b}) <= 8 && data[i + 3] > 0) count++;
    return count;
  })()`);

describe('the minimap', () => {
  it('MINI-1 draws every node and the newcomers another page adds, in the colours of the theme; a press pans the view and the wheel zooms it', async () => {
    const fixture = exportFixture();
    const board = await createBoardFrom(env.server.url, fixture);
    const a = await newPerson(env.browser);
    await a.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(a);
    const minimap = a.getByTestId('minimap').locator('canvas');
    await minimap.waitFor();

    // Nodes are drawn in --minimap-node (#94a3b8 in the light theme), under the veil
    // only outside the visible area, which at first holds the whole diagram.
    await expect.poll(() => pixelsOf(a, [0x94, 0xa3, 0xb8])).toBeGreaterThan(20);

    // Another page adds a note: it shows in A's minimap, in --minimap-note.
    const b = await newPerson(env.browser);
    await b.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(b);
    const notes = await pixelsOf(a, [0xfd, 0xe6, 0x8a]);
    const count = await a.locator('.react-flow__node').count();
    await b.getByTestId('palette-item-note').click();
    await expect.poll(() => a.locator('.react-flow__node').count()).toBe(count + 1);
    await expect.poll(() => pixelsOf(a, [0xfd, 0xe6, 0x8a])).toBeGreaterThan(notes);

    // The dark theme: the nodes are drawn again in its --minimap-node (#64748b). The minimap
    // reads its colours once per theme, so this fails if a theme change does not reach it.
    const light = await pixelsOf(a, [0x94, 0xa3, 0xb8]);
    await a.getByTestId('theme-toggle').click();
    await a.getByTestId('theme-dark').click();
    await expect.poll(() => pixelsOf(a, [0x64, 0x74, 0x8b])).toBeGreaterThan(20);
    expect(await pixelsOf(a, [0x94, 0xa3, 0xb8])).toBeLessThan(light / 4);

    // A press on the minimap's corner centres the view there; the wheel zooms.
    const start = await viewport(a);
    const box = (await minimap.boundingBox())!;
    await a.mouse.click(box.x + 6, box.y + 6);
    await expect.poll(() => viewport(a)).not.toBe(start);
    const panned = await viewport(a);
    expect(panned.match(/scale\(([\d.]+)\)/)?.[1]).toBe(start.match(/scale\(([\d.]+)\)/)?.[1]);
    await a.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await a.mouse.wheel(0, -300);
    await expect
      .poll(async () => Number((await viewport(a)).match(/scale\(([\d.]+)\)/)?.[1]))
      .toBeGreaterThan(Number(panned.match(/scale\(([\d.]+)\)/)?.[1]));
    for (const page of [a, b]) await page.context().close();
  });
  it('MINI-2 hides while the canvas is too narrow for it (a 1024 px window with a side panel open), and comes back; a right-click on it does not pan', async () => {
    const board = await createBoardFrom(env.server.url, exportFixture());
    const context = await env.browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(page);
    const minimap = page.getByTestId('minimap');
    await minimap.waitFor();
    const canvasWidth = async () => (await page.getByTestId('canvas').boundingBox())!.width;
    expect(await canvasWidth()).toBeGreaterThanOrEqual(640);
    expect(await minimap.isVisible()).toBe(true);
    await page.getByTestId('toggle-questions').click();
    await expect.poll(canvasWidth).toBeLessThan(640);
    await expect.poll(() => minimap.isVisible()).toBe(false);
    await page.getByTestId('toggle-questions').click();
    await expect.poll(() => minimap.isVisible()).toBe(true);

    // A right-click on it is not a pan; a press of the primary button is.
    const box = (await minimap.locator('canvas').boundingBox())!;
    const before = await viewport(page);
    await page.mouse.click(box.x + 20, box.y + 20, { button: 'right' });
    await page.waitForTimeout(200);
    expect(await viewport(page)).toBe(before);
    await page.mouse.click(box.x + 20, box.y + 20);
    await expect.poll(() => viewport(page)).not.toBe(before);
    await context.close();
  });
  it('MINI-3 an empty board shows no minimap (an empty white box): the first node brings it, deleting the last hides it', async () => {
    const board = await createBoard(env.server, 'Empty');
    const page = await newPerson(env.browser);
    await page.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(page);
    const minimap = page.getByTestId('minimap');
    await page.getByTestId('legend-toggle').waitFor();
    expect(await minimap.isVisible()).toBe(false);
    await dropComponent(page, 'aws.lambda', { x: 300, y: 250 });
    await expect.poll(() => minimap.isVisible()).toBe(true);
    await page.locator('.react-flow__node').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    await expect.poll(() => minimap.isVisible()).toBe(false);
    await page.context().close();
  });
});
