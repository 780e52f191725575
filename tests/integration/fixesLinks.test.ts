import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBoardId, peekClaims } from '@archboard/shared';
import { getWith, tokensFor } from '../helpers/exportChecks';
import { createBoard, startServer, type RunningServer } from '../helpers/server';

/** `GET /api/boards/<id>/links`: every editor, not only the creator, can hand out the view link. */

const SECRET = 'l'.repeat(40);
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { AUTH_SECRET: SECRET } });
});
afterAll(async () => {
  await server.stop();
});

const links = (id: string) => `/api/boards/${id}/links`;

describe('GET /api/boards/<id>/links', () => {
  it('answers an edit token with a view token for the board, the same for every editor', async () => {
    const board = await createBoard(server, 'Links');
    const answer = await getWith(server, links(board.id), board.editToken);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toMatch(/no-store/);
    const { viewToken } = answer.json<{ viewToken: string }>();
    expect(peekClaims(viewToken)).toEqual({ sub: board.id, role: 'view' });
    // A second editor (another edit token of the board) gets the same link.
    const other = await tokensFor(SECRET, board.id);
    expect((await getWith(server, links(board.id), other.editToken)).json()).toEqual({ viewToken });
    // The token opens the board read-only: the export API takes it as the board's view token.
    expect((await getWith(server, `/api/boards/${board.id}/export.json`, viewToken)).status).toBe(200);
    expect((await getWith(server, `/api/boards/${board.id}/history`, viewToken)).status).toBe(200);
    const save = await fetch(`${server.url}/api/boards/${board.id}/history`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'v1' }),
    });
    expect(save.status).toBe(403);
  });

  it('refuses a view token (403), a bad or missing token (401), another board’s token (403), an unknown board (404)', async () => {
    const [board, other] = await Promise.all([createBoard(server), createBoard(server)]);
    const view = await getWith(server, links(board.id), board.viewToken);
    expect(view.status).toBe(403);
    expect(view.json<{ error: string }>().error).toMatch(/view/);

    expect((await getWith(server, links(board.id))).status).toBe(401);
    const wrongSecret = await tokensFor('w'.repeat(40), board.id);
    const [header, payload] = board.editToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    for (const token of ['garbage', forged, wrongSecret.editToken]) {
      expect((await getWith(server, links(board.id), token)).status, token).toBe(401);
    }
    expect((await getWith(server, `${links(board.id)}?token=garbage`)).status).toBe(401);

    const forbidden = await getWith(server, links(board.id), other.editToken);
    expect(forbidden.status).toBe(403);
    expect(forbidden.json<{ error: string }>().error).toMatch(/another board/);

    const never = newBoardId();
    const neverTokens = await tokensFor(SECRET, never);
    expect((await getWith(server, links(never), neverTokens.editToken)).status).toBe(404);
    expect((await getWith(server, links('not a board!'), board.editToken)).status).toBe(400);
  });
});
