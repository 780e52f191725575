import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNode, CLOSE, readBoard, type BoardId } from '@archboard/shared';
import { BoardTokens } from '../../server/src/auth/BoardTokens';
import { eventually, providerClient, synced, type ProviderClient } from '../helpers/clients';
import { createBoard, startServer, type RunningServer } from '../helpers/server';

/**
 * A view link made to expire stops working at its `exp` for a viewer already connected, not
 * only for the next one: the server closes the socket then, with the final 4401 the same
 * token gets when it tries to connect again.
 */

const SECRET = 'x'.repeat(40);
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { AUTH_SECRET: SECRET } });
});
afterAll(async () => {
  await server.stop();
});

/** The next terminal close the provider reports (it reports none for codes it retries), and when. */
function nextClose(client: ProviderClient): Promise<{ code: number; reason: string; at: number }> {
  return new Promise((resolve) =>
    client.provider.once('closed', (event: { code: number; reason: string }) => resolve({ ...event, at: Date.now() })),
  );
}

describe('view links that expire while open', () => {
  it('LINK-EXP-6 an open connection is closed 4401 when its link expires, and its reconnect is refused', async () => {
    const board = await createBoard(server);
    const editor = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(editor);
    addNode(editor.doc, { kind: 'aws.lambda', x: 0, y: 0, label: 'before expiry' });

    const signer = new BoardTokens(new TextEncoder().encode(SECRET), { linkGeneration: async () => 0 });
    const exp = Math.floor(Date.now() / 1000) + 3; // 2 to 3 s from now
    const token = await signer.sign(board.id as BoardId, 'view', 0, exp);
    const viewer = providerClient(server.wsUrl, board.id, token);
    const closed = nextClose(viewer);
    await synced(viewer);
    await eventually(() => expect(readBoard(viewer.doc).nodes.map((n) => n.label)).toEqual(['before expiry']));
    expect(Date.now()).toBeLessThan(exp * 1000); // open and syncing, before its time

    const close = await closed;
    expect({ code: close.code, reason: close.reason }).toEqual(CLOSE.unauthorized);
    expect(close.at).toBeGreaterThanOrEqual(exp * 1000 - 50); // not before exp (one clock; timer and delivery slack)
    expect(close.at).toBeLessThan(exp * 1000 + 1500);
    await eventually(() =>
      expect(server.logs).toContainEqual(
        expect.objectContaining({ board: board.id, code: CLOSE.unauthorized.code, detail: 'link expired' }),
      ),
    );

    // The final code stops the provider; a deliberate reconnect is refused the same way and never syncs.
    await new Promise((r) => setTimeout(r, 500));
    expect(viewer.provider.wsconnected || viewer.provider.wsconnecting).toBe(false);
    const again = nextClose(viewer);
    viewer.provider.connect();
    expect((await again).code).toBe(CLOSE.unauthorized.code);
    expect(viewer.provider.synced).toBe(false);

    // Only the expired link was closed: the editor goes on, and its edits still sync.
    expect(editor.provider.wsconnected).toBe(true);
    const watcher = providerClient(server.wsUrl, board.id, board.viewToken);
    await synced(watcher);
    addNode(editor.doc, { kind: 'aws.sqs', x: 100, y: 0, label: 'after expiry' });
    await eventually(() =>
      expect(readBoard(watcher.doc).nodes.map((n) => n.label)).toEqual(
        expect.arrayContaining(['before expiry', 'after expiry']),
      ),
    );
    expect(readBoard(viewer.doc).nodes.map((n) => n.label)).toEqual(['before expiry']);
  });
});
