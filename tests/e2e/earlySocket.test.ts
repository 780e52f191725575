import type { Page, WebSocket as PageSocket } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dropComponent, expectConnected, nodeByLabel, serverAndBrowser } from './boardPage';
import { bigNotesFile, createBoardFrom, newDownloader, nodeCount } from './exportPage';

/*
 * EARLY-E: index.html opens a board's socket before the app's scripts load and asks for
 * the board at once; the app takes that socket over (client/src/sync/earlySocket.ts).
 */

const env = serverAndBrowser();

/** The page's board sockets, and the bytes each has received. */
function watchSockets(page: Page): { sockets: PageSocket[]; received: Map<PageSocket, number> } {
  const sockets: PageSocket[] = [];
  const received = new Map<PageSocket, number>();
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/ws/')) return;
    sockets.push(socket);
    received.set(socket, 0);
    socket.on('framereceived', ({ payload }) => received.set(socket, received.get(socket)! + payload.length));
  });
  return { sockets, received };
}

describe('the board socket opened by index.html', () => {
  it('EARLY-E1 one socket carries the board once, and edits go both ways on it', async () => {
    const file = bigNotesFile(8); // 480 KB of notes: a second copy would show
    const board = await createBoardFrom(env.server.url, file);
    const a = await newDownloader(env.browser);
    const watch = watchSockets(a);
    // The app's code held back half a second: the socket must not wait for it.
    let socketAt = Infinity;
    let scriptAt = 0;
    a.on('websocket', () => (socketAt = Math.min(socketAt, Date.now())));
    await a.route('**/assets/index-*.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      scriptAt = Date.now();
      await route.continue();
    });
    await a.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(a);
    await expect.poll(() => nodeCount(a)).toBe(8);
    expect(watch.sockets).toHaveLength(1);
    expect(scriptAt - socketAt).toBeGreaterThan(300);
    const received = watch.received.get(watch.sockets[0]!)!;
    expect(received).toBeGreaterThan(8 * 60_000);
    expect(received).toBeLessThan(1.5 * 8 * 60_000);

    const b = await newDownloader(env.browser);
    await b.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(b);
    await dropComponent(a, 'aws.sqs', { x: 300, y: 500 });
    await expect.poll(() => nodeByLabel(b, 'SQS').count(), { timeout: 10_000 }).toBe(1);
    await dropComponent(b, 'aws.sns', { x: 500, y: 500 });
    await expect.poll(() => nodeByLabel(a, 'SNS').count(), { timeout: 10_000 }).toBe(1);
    expect(watch.sockets).toHaveLength(1);
    await a.context().close();
    await b.context().close();
  });

  it('EARLY-E2 a socket the app would not have opened (a sign-in it no longer accepts) is closed for its own', async () => {
    const board = await createBoardFrom(env.server.url, bigNotesFile(2));
    const page = await newDownloader(env.browser);
    // Valid to the page's script (an exp and a sub), refused by the app (email not a string).
    const claims = Buffer.from(JSON.stringify({ sub: 'x', email: 7, exp: Date.now() / 1000 + 3600 })).toString(
      'base64url',
    );
    await page.addInitScript(`sessionStorage.setItem('archboard:id-token', 'e30.${claims}.sig')`);
    const watch = watchSockets(page);
    await page.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(page);
    await expect.poll(() => nodeCount(page)).toBe(2);
    expect(watch.sockets.map((s) => s.url().includes('idToken='))).toEqual([true, false]);
    await expect.poll(() => watch.sockets[0]!.isClosed()).toBe(true);
    await page.context().close();
  });

  it("EARLY-E3 a tab that got the board from its early socket still relays to the browser's other tabs", async () => {
    const board = await createBoardFrom(env.server.url, bigNotesFile(2));
    const a = await newDownloader(env.browser);
    const watch = watchSockets(a);
    await a.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(a);
    await expect.poll(() => nodeCount(a)).toBe(2);
    // The board came on the socket index.html opened, once: the page applied it before anything
    // observed the document, and joins the tabs' channel only once idle.
    expect(watch.sockets).toHaveLength(1);
    const received = watch.received.get(watch.sockets[0]!)!;
    expect(received).toBeGreaterThan(2 * 60_000);
    expect(received).toBeLessThan(1.5 * 2 * 60_000);
    // A second tab whose socket reaches no server: all it gets, it gets from the first tab.
    const b = await a.context().newPage();
    await b.routeWebSocket(/\/ws\//, () => undefined);
    await b.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expect.poll(() => nodeCount(b), { timeout: 10_000 }).toBe(2);
    await dropComponent(a, 'aws.sqs', { x: 300, y: 500 });
    await expect.poll(() => nodeByLabel(b, 'SQS').count(), { timeout: 10_000 }).toBe(1);
    await dropComponent(b, 'aws.sns', { x: 500, y: 500 });
    await expect.poll(() => nodeByLabel(a, 'SNS').count(), { timeout: 10_000 }).toBe(1);
    await a.context().close();
  });
});
