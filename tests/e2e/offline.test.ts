import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dropComponent, expectConnected, newPerson, nodeByLabel, serverAndBrowser } from './boardPage';
import { bigNotesFile, importIntoBoard, nodeCount } from './exportPage';

const env = serverAndBrowser();

/** A new board from the landing page, as a person makes one. */
async function newBoard(): Promise<Page> {
  const page = await newPerson(env.browser);
  await page.goto(`${env.server.url}/`);
  await page.getByTestId('new-board').click();
  await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
  await expectConnected(page);
  return page;
}

const status = (page: Page) => page.getByTestId('connection-status');
const unsynced = async (page: Page) => Number(await status(page).getAttribute('data-unsynced'));
const state = (page: Page) => status(page).getAttribute('data-state');

/** Drops a component and waits for it on the page (not on the server). */
async function add(page: Page, kind: string, label: string, at: { x: number; y: number }): Promise<void> {
  await dropComponent(page, kind, at);
  await expect.poll(() => nodeByLabel(page, label).count()).toBe(1);
  // Edits closer together than the undo manager's capture time count as one.
  await page.waitForTimeout(450);
}

/** Until the service worker controls the page: it claims the page once active, and a reload is controlled from the start. */
async function controlledByServiceWorker(page: Page): Promise<void> {
  await page.evaluate('navigator.serviceWorker.ready');
  await page.reload();
  await expect.poll(() => page.evaluate<boolean>('navigator.serviceWorker.controller !== null')).toBe(true);
}

describe('offline', () => {
  it('OFFLINE-1 a board visited before loads offline: the app from the service worker, the board from IndexedDB', async () => {
    const page = await newBoard();
    await add(page, 'aws.api-gateway', 'API Gateway', { x: 160, y: 220 });
    await add(page, 'aws.lambda', 'Lambda', { x: 480, y: 220 });
    await controlledByServiceWorker(page);
    await expectConnected(page);

    // Only the build's files and icons are kept: never the API or the socket.
    const cached = await page.evaluate<string[]>(
      'caches.keys().then((names) => Promise.all(names.map((name) => caches.open(name).then((c) => c.keys())))).then((all) => all.flat().map((r) => new URL(r.url).pathname))',
    );
    expect(cached).toContain('/index.html');
    expect(cached.some((path) => path.startsWith('/assets/'))).toBe(true);
    expect(cached.some((path) => path.startsWith('/icons/'))).toBe(true);
    expect(cached.filter((path) => path.startsWith('/api/') || path.startsWith('/ws'))).toEqual([]);

    await page.context().setOffline(true);
    const offline = await page.reload();
    expect(offline?.fromServiceWorker()).toBe(true);
    await expect.poll(() => nodeByLabel(page, 'API Gateway').count()).toBe(1);
    await expect.poll(() => nodeByLabel(page, 'Lambda').count()).toBe(1);
    await expect.poll(() => state(page)).toBe('offline');
    // The palette's icons were loaded while the worker controlled the page: they are kept too.
    const icon = page.locator('.react-flow__node img').first();
    await expect
      .poll(() => icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    await page.context().close();
  });

  it('OFFLINE-2 edits made offline count as unsynced, and reach others on reconnect', async () => {
    const a = await newBoard();
    const b = await newPerson(env.browser);
    await b.goto(a.url());
    await expectConnected(b);
    await add(a, 'aws.api-gateway', 'API Gateway', { x: 200, y: 400 });
    await expect.poll(() => nodeByLabel(b, 'API Gateway').count()).toBe(1);
    await expect.poll(() => unsynced(a)).toBe(0);
    let sockets = 0;
    a.on('websocket', () => sockets++);

    // Offline: two nodes added and one deleted (a deletion is settled by the server's delete set, not its clocks).
    await a.context().setOffline(true);
    await expect.poll(() => state(a)).toBe('offline');
    await add(a, 'aws.sqs', 'SQS', { x: 200, y: 200 });
    await add(a, 'aws.lambda', 'Lambda', { x: 480, y: 200 });
    await nodeByLabel(a, 'API Gateway').click();
    await a.keyboard.press('Delete');
    await expect.poll(() => nodeByLabel(a, 'API Gateway').count()).toBe(0);
    await expect.poll(() => unsynced(a)).toBe(3);
    expect(await status(a).innerText()).toContain('Offline · 3 unsynced');
    await b.waitForTimeout(500);
    expect(await nodeByLabel(b, 'SQS').count()).toBe(0);
    expect(await nodeByLabel(b, 'API Gateway').count()).toBe(1);

    await a.context().setOffline(false);
    await expect.poll(() => nodeByLabel(b, 'SQS').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => nodeByLabel(b, 'Lambda').count()).toBe(1);
    await expect.poll(() => nodeByLabel(b, 'API Gateway').count()).toBe(0);
    await expect.poll(() => unsynced(a)).toBe(0);
    await expectConnected(a);
    expect(await status(a).innerText()).toBe('Live');
    // Over a new socket: the edits went out in the sync handshake, not on the old one.
    expect(sockets).toBe(1);
    await a.context().close();
    await b.context().close();
  });

  it('OFFLINE-4 more offline edits than the server takes in one update reach others on reconnect', async () => {
    const a = await newBoard();
    const b = await newPerson(env.browser);
    await b.goto(a.url());
    await expectConnected(b);
    let sockets = 0;
    a.on('websocket', () => sockets++);

    // 1.4 MB of changes made offline: the tab's sync step 2 is over MAX_UPDATE_BYTES (512 KiB).
    await a.context().setOffline(true);
    await expect.poll(() => state(a)).toBe('offline');
    await importIntoBoard(a, JSON.stringify(bigNotesFile()));
    await expect.poll(() => nodeCount(a)).toBe(24);
    await expect.poll(() => unsynced(a)).toBeGreaterThan(0);

    await a.context().setOffline(false);
    await expect.poll(() => nodeCount(b), { timeout: 30_000 }).toBe(24);
    await expect.poll(() => unsynced(a), { timeout: 15_000 }).toBe(0);
    await expectConnected(a);
    expect(await a.getByRole('alert').count()).toBe(0); // no "A change is too large to share"
    // One socket: no connection refused with 4413 and opened again.
    expect(sockets).toBe(1);
    // Stored, not only relayed: a new visitor loads them from the server.
    const c = await newPerson(env.browser);
    await c.goto(a.url());
    await expectConnected(c);
    await expect.poll(() => nodeCount(c), { timeout: 15_000 }).toBe(24);
    for (const page of [a, b, c]) await page.context().close();
  });

  it('OFFLINE-3 closing a tab asks first while edits are unsynced, and not once they are synced', async () => {
    const page = await newBoard();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss(); // stay on the page
    });

    await page.context().setOffline(true);
    await add(page, 'aws.sqs', 'SQS', { x: 200, y: 200 });
    await expect.poll(() => unsynced(page)).toBe(1);
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);

    await page.context().setOffline(false);
    await expectConnected(page);
    await expect.poll(() => unsynced(page)).toBe(0);
    const closed = new Promise<void>((resolve) => page.once('close', () => resolve()));
    await page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs).toEqual(['beforeunload']);
    await page.context().close();
  });
});
