import { describe, expect, it } from 'vitest';
import { expectConnected, serverAndBrowser } from './boardPage';
import { bigNotesFile, createBoardFrom, importIntoBoard, nodeCount, twoOnBoard } from './exportPage';

// A server configured with smaller limits than the defaults the page starts from.
const MAX_UPDATE_BYTES = 64 * 1024;
const MAX_BYTES_PER_SECOND = 512 * 1024;
const env = serverAndBrowser(() => ({
  MAX_UPDATE_BYTES: String(MAX_UPDATE_BYTES),
  MAX_BYTES_PER_SECOND: String(MAX_BYTES_PER_SECOND),
}));

describe('a server with its own upload limits', () => {
  it('LIMITS-E1 the page keeps to the limits the server tells it: a 1.4 MB import reaches everyone on one socket', async () => {
    const limits = (await (await fetch(`${env.server.url}/api/limits`)).json()) as unknown;
    expect(limits).toEqual({ maxUpdateBytes: MAX_UPDATE_BYTES, maxBytesPerSecond: MAX_BYTES_PER_SECOND });

    const created = await createBoardFrom(env.server.url, bigNotesFile(0));
    const { a, b, socketsOpened } = await twoOnBoard(env.browser, env.server.url, created);
    // Written in transactions of up to 256 KiB (half the default limit): each is cut to the
    // server's 64 KiB and paced at its rate, about 5 s for the file.
    await importIntoBoard(a, JSON.stringify(bigNotesFile()));
    await expect.poll(() => nodeCount(b), { timeout: 30_000 }).toBe(24);
    await expectConnected(a);
    expect(await a.getByRole('alert').count()).toBe(0); // no "A change is too large to share"
    expect(socketsOpened()).toBe(0);
    for (const page of [a, b]) await page.context().close();
  });
});
