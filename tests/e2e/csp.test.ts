import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  connectWithMouse,
  dropComponent,
  expectConnected,
  newPerson,
  nodeByLabel,
  serverAndBrowser,
} from './boardPage';
import { exportFile, newDownloader } from './exportPage';

/*
 * SEC-CSP: the app works under its own Content-Security-Policy. A page that goes through
 * the landing page, a new board, the palette, an edge, every side panel, the theme, the
 * service worker and the exports meets no CSP violation, and no error on the console.
 */

const env = serverAndBrowser();

/** Records CSP violations (the DOM event) and console errors from the first script on. */
async function watched(page: Page): Promise<{ violations(): Promise<string[]>; errors: string[] }> {
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
    });
  `);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { violations: () => page.evaluate('window.__violations') as Promise<string[]>, errors };
}

describe('under the Content-Security-Policy', () => {
  it('SEC-CSP-1 landing page, a new board, editing, panels, theme and exports meet no violation', async () => {
    const page = await newDownloader(env.browser);
    const watch = await watched(page);
    const response = await page.goto(env.server.url);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByTestId('new-board').click();
    await page.waitForURL(/\/b\//);
    await expectConnected(page);

    await dropComponent(page, 'generic.user', { x: 420, y: 320 });
    await dropComponent(page, 'aws.api-gateway', { x: 640, y: 320 });
    await connectWithMouse(page, nodeByLabel(page, 'User'), nodeByLabel(page, 'API Gateway'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);

    for (const panel of ['toggle-questions', 'review-toggle', 'toggle-history']) await page.getByTestId(panel).click();
    await page.getByTestId('theme-toggle').click();
    await exportFile(page, 'export-svg');
    const png = await exportFile(page, 'export-png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    // the service worker registered (worker-src) and the page is still live
    await expect
      .poll(() => page.evaluate('navigator.serviceWorker.getRegistration().then((r) => Boolean(r))'))
      .toBe(true);
    await page.reload();
    await expectConnected(page);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);

    expect(await watch.violations()).toEqual([]);
    expect(watch.errors.filter((e) => /Content.Security.Policy|Refused to/i.test(e))).toEqual([]);
    await page.context().close();
  });
  it("SEC-CSP-2 the landing page, left open, says nothing on the console; a board's address preloads the board page's stylesheet, under the policy", async () => {
    const page = await newPerson(env.browser);
    const watch = await watched(page);
    const said: string[] = [];
    page.on('console', (message) => said.push(`${message.type()}: ${message.text()}`));
    await page.goto(env.server.url);
    await page.getByTestId('new-board').waitFor();
    // Chromium warns of a preloaded resource left unused a few seconds after the load event.
    await page.waitForTimeout(4_000);
    expect(said).toEqual([]);
    expect(await page.locator('link[rel="preload"][as="style"]').count()).toBe(0);

    const response = await fetch(`${env.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Preloaded' }),
    });
    const board = (await response.json()) as { id: string; editToken: string };
    await page.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(page);
    const preloaded = await page.locator('link[rel="preload"][as="style"]').getAttribute('href');
    expect(preloaded).toMatch(/^\/assets\/BoardPage-.*\.css$/);
    // The board page uses it: its stylesheet is the one preloaded.
    const used = `[...document.styleSheets].some((sheet) => (sheet.href || '').endsWith(${JSON.stringify(preloaded)}))`;
    await expect.poll(() => page.evaluate(used)).toBe(true);
    expect(await watch.violations()).toEqual([]);
    expect(said.filter((line) => line.startsWith('error') || line.startsWith('warning'))).toEqual([]);
    await page.context().close();
  });
});
