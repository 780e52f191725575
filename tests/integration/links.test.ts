import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addNode, CLOSE, newBoardId, peekClaims, readBoard, type BoardId } from '@archboard/shared';
import { BoardTokens } from '../../server/src/auth/BoardTokens';
import { SqliteStore } from '../../server/src/store/SqliteStore';
import { eventually, providerClient, rawClient, synced, type RawClient } from '../helpers/clients';
import { startCluster, type Cluster } from '../helpers/cluster';
import { getWith, tokensFor } from '../helpers/exportChecks';
import { createBoard, startServer, type RunningServer } from '../helpers/server';

/**
 * Links that can be taken back, and the board's owner: link generations (a reset refuses
 * every older link, on the API and on open sockets, on every instance), the owner role,
 * expiring view links, and deleting a board.
 */

const SECRET = 'k'.repeat(40);
let server: RunningServer;
beforeAll(async () => {
  // Rooms left empty unload soon, so the tests see that a deleted board's room writes nothing back.
  server = await startServer({ env: { AUTH_SECRET: SECRET, ROOM_IDLE_MS: '300' } });
});
afterAll(async () => {
  await server.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Target = { url: string; wsUrl: string };
type Answer = { status: number; body: Record<string, unknown> };

async function call(target: Pick<Target, 'url'>, method: string, path: string, token?: string): Promise<Answer> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
const reset = (target: Pick<Target, 'url'>, board: string, token?: string) =>
  call(target, 'POST', `/api/boards/${board}/links/reset`, token);
const remove = (target: Pick<Target, 'url'>, board: string, token?: string) =>
  call(target, 'DELETE', `/api/boards/${board}`, token);
const exportJson = (target: Pick<Target, 'url'>, board: string, token: string) =>
  getWith(target, `/api/boards/${board}/export.json`, token);

/** A socket on the board, in its room: the server's first sync message has arrived. */
async function joined(target: Pick<Target, 'wsUrl'>, board: string, token: string): Promise<RawClient> {
  const client = rawClient(`${target.wsUrl}/${board}?token=${encodeURIComponent(token)}`);
  await client.opened;
  await eventually(() => expect(client.messages.length).toBeGreaterThan(0));
  return client;
}

const refusedWith = async (target: Pick<Target, 'wsUrl'>, board: string, token: string) =>
  (await rawClient(`${target.wsUrl}/${board}?token=${encodeURIComponent(token)}`).closed).code;

/** Resolves with the close codes of `clients`, or rejects when they are not all closed within `ms`. */
function closedWithin(clients: RawClient[], ms: number): Promise<number[]> {
  return Promise.race([
    Promise.all(clients.map(async (c) => (await c.closed).code)),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not all closed within ${ms} ms`)), ms)),
  ]);
}

describe('the owner role', () => {
  it('LINK-1 POST /api/boards answers owner, edit and view tokens; the owner writes like an editor', async () => {
    const board = await createBoard(server, 'Owned');
    expect(peekClaims(board.ownerToken)).toEqual({ sub: board.id, role: 'owner' });
    expect(peekClaims(board.editToken)).toEqual({ sub: board.id, role: 'edit' });
    const owner = providerClient(server.wsUrl, board.id, board.ownerToken);
    const editor = providerClient(server.wsUrl, board.id, board.editToken);
    await Promise.all([synced(owner), synced(editor)]);
    addNode(owner.doc, { kind: 'aws.lambda', x: 0, y: 0, label: 'by the owner' });
    await eventually(() => expect(readBoard(editor.doc).nodes.map((n) => n.label)).toEqual(['by the owner']));
    const save = await fetch(`${server.url}/api/boards/${board.id}/history`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'by the owner' }),
    });
    expect(save.status).toBe(201);
    // The owner gets the edit link too (an owner on another device has only the owner link).
    const links = await getWith(server, `/api/boards/${board.id}/links`, board.ownerToken);
    expect(links.status).toBe(200);
    const answer = links.json<{ viewToken: string; editToken?: string }>();
    expect(peekClaims(answer.editToken!)).toEqual({ sub: board.id, role: 'edit' });
    expect(answer.viewToken).toBe(
      (await getWith(server, `/api/boards/${board.id}/links`, board.editToken)).json<{ viewToken: string }>().viewToken,
    );
    expect((await getWith(server, `/api/boards/${board.id}/links`, board.editToken)).json()).not.toHaveProperty(
      'editToken',
    );
  });

  it('LINK-2 edit and view tokens cannot reset links or delete the board (403); bad tokens 401; unknown boards 404', async () => {
    const [board, other] = await Promise.all([createBoard(server), createBoard(server)]);
    for (const token of [board.editToken, board.viewToken]) {
      const refusedReset = await reset(server, board.id, token);
      expect(refusedReset.status).toBe(403);
      expect(refusedReset.body.error).toMatch(/owner/);
      expect((await remove(server, board.id, token)).status).toBe(403);
    }
    expect((await reset(server, board.id)).status).toBe(401);
    expect((await remove(server, board.id, 'garbage')).status).toBe(401);
    expect((await reset(server, board.id, other.ownerToken)).status).toBe(403);
    expect((await remove(server, board.id, other.ownerToken)).status).toBe(403);
    const never = newBoardId();
    const neverTokens = await tokensFor(SECRET, never);
    expect((await reset(server, never, neverTokens.ownerToken)).status).toBe(404);
    expect((await remove(server, never, neverTokens.ownerToken)).status).toBe(404);
    // Nothing happened: every link still works.
    for (const token of [board.ownerToken, board.editToken, board.viewToken]) {
      expect((await exportJson(server, board.id, token)).status).toBe(200);
    }
  });
});

describe('resetting links', () => {
  it('LINK-3 old links are refused after a reset (API 401, socket 4410), open sockets of old links are closed 4410 within 1 s, new links work', async () => {
    const board = await createBoard(server, 'Leaked');
    const sockets = await Promise.all(
      [board.ownerToken, board.editToken, board.viewToken].map((t) => joined(server, board.id, t)),
    );
    const started = Date.now();
    const answer = await reset(server, board.id, board.ownerToken);
    expect(answer.status).toBe(200);
    const fresh = answer.body as { ownerToken: string; editToken: string; viewToken: string };
    expect(await closedWithin(sockets, 1000 - (Date.now() - started))).toEqual([4410, 4410, 4410]);
    expect(CLOSE.linkRevoked.code).toBe(4410);
    expect(peekClaims(fresh.ownerToken)).toEqual({ sub: board.id, role: 'owner', gen: 1 });
    expect(peekClaims(fresh.editToken)).toEqual({ sub: board.id, role: 'edit', gen: 1 });
    expect(peekClaims(fresh.viewToken)).toEqual({ sub: board.id, role: 'view', gen: 1 });

    for (const old of [board.ownerToken, board.editToken, board.viewToken]) {
      const refused = await exportJson(server, board.id, old);
      expect(refused.status).toBe(401);
      expect(refused.json().error).toMatch(/reset/);
      expect(await refusedWith(server, board.id, old)).toBe(CLOSE.linkRevoked.code);
    }
    expect((await reset(server, board.id, board.ownerToken)).status).toBe(401);

    // The new links: the editor writes, the viewer sees it, the new owner token resets again.
    const editor = providerClient(server.wsUrl, board.id, fresh.editToken);
    const viewer = providerClient(server.wsUrl, board.id, fresh.viewToken);
    await Promise.all([synced(editor), synced(viewer)]);
    addNode(editor.doc, { kind: 'aws.s3', x: 0, y: 0, label: 'after the reset' });
    await eventually(() => expect(readBoard(viewer.doc).nodes.map((n) => n.label)).toEqual(['after the reset']));
    expect((await exportJson(server, board.id, fresh.viewToken)).status).toBe(200);
    const links = await getWith(server, `/api/boards/${board.id}/links`, fresh.editToken);
    expect(peekClaims(links.json<{ viewToken: string }>().viewToken)).toEqual({ sub: board.id, role: 'view', gen: 1 });
    const again = await reset(server, board.id, fresh.ownerToken);
    expect(again.status).toBe(200);
    expect(peekClaims(again.body.ownerToken as string)?.gen).toBe(2);
    expect((await exportJson(server, board.id, fresh.viewToken)).status).toBe(401);
  });

  it('LINK-4 tokens without a generation (links made before resets existed) work until the first reset, and no longer after', async () => {
    const board = await createBoard(server);
    // Made the way the server made every token before this change: no `gen` claim.
    const legacy = await new SignJWT({ role: 'edit' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(board.id)
      .setIssuedAt()
      .sign(new TextEncoder().encode(SECRET));
    expect(peekClaims(legacy)).toEqual({ sub: board.id, role: 'edit' });
    expect(peekClaims(board.viewToken)?.gen).toBeUndefined(); // generation 0 is written as no `gen` at all
    const client = providerClient(server.wsUrl, board.id, legacy);
    await synced(client);
    expect((await exportJson(server, board.id, legacy)).status).toBe(200);
    // A token of a generation the board has not reached is refused too.
    const ahead = await tokensFor(SECRET, board.id, 3);
    expect((await exportJson(server, board.id, ahead.editToken)).status).toBe(401);

    expect((await reset(server, board.id, board.ownerToken)).status).toBe(200);
    expect((await exportJson(server, board.id, legacy)).status).toBe(401);
    expect(await refusedWith(server, board.id, legacy)).toBe(CLOSE.linkRevoked.code);
  });
});

describe('view links that expire', () => {
  it('LINK-5 GET …/links?viewExpiresIn= answers a view token with exp; an expired one is refused like a bad token (401, 4401)', async () => {
    const board = await createBoard(server);
    const before = Date.now();
    const answer = await getWith(server, `/api/boards/${board.id}/links?viewExpiresIn=86400`, board.editToken);
    expect(answer.status).toBe(200);
    const { viewToken, viewExpiresAt } = answer.json<{ viewToken: string; viewExpiresAt: number }>();
    expect(viewExpiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 86_400_000);
    expect(viewExpiresAt).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect(peekClaims(viewToken)).toMatchObject({ sub: board.id, role: 'view', exp: viewExpiresAt / 1000 });
    expect((await exportJson(server, board.id, viewToken)).status).toBe(200);
    await joined(server, board.id, viewToken);

    // The never-expiring view link is still one and the same for every editor.
    const plain = [board.editToken, board.ownerToken].map((t) => getWith(server, `/api/boards/${board.id}/links`, t));
    const [fromEditor, fromOwner] = await Promise.all(plain);
    expect(fromEditor!.json<{ viewToken: string }>().viewToken).toBe(
      fromOwner!.json<{ viewToken: string }>().viewToken,
    );
    expect(fromEditor!.json()).not.toHaveProperty('viewExpiresAt');

    const signer = new BoardTokens(new TextEncoder().encode(SECRET), { linkGeneration: async () => 0 });
    const expired = await signer.sign(board.id as BoardId, 'view', 0, Math.floor(Date.now() / 1000) - 5);
    const refused = await exportJson(server, board.id, expired);
    expect(refused.status).toBe(401);
    expect(refused.json().error).toMatch(/expired/);
    expect(await refusedWith(server, board.id, expired)).toBe(CLOSE.unauthorized.code);

    for (const bad of ['10', 'abc', '1.5', String(366 * 24 * 3600)]) {
      const wrong = await getWith(server, `/api/boards/${board.id}/links?viewExpiresIn=${bad}`, board.editToken);
      expect(wrong.status, bad).toBe(400);
    }
    expect((await getWith(server, `/api/boards/${board.id}/links?viewExpiresIn=60`, board.viewToken)).status).toBe(403);
  });
});

describe('deleting a board', () => {
  it('LINK-6 DELETE removes the board and its history, closes its sockets with 4404, and every later request is 404', async () => {
    const board = await createBoard(server, 'Doomed');
    const writer = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(writer);
    addNode(writer.doc, { kind: 'aws.sqs', x: 0, y: 0, label: 'queue' });
    const save = await fetch(`${server.url}/api/boards/${board.id}/history`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'kept version' }),
    });
    expect(save.status).toBe(201);
    writer.destroy();
    await sleep(300); // the version kept when the last person leaves is written before the delete
    const sockets = await Promise.all(
      [board.ownerToken, board.editToken, board.viewToken].map((t) => joined(server, board.id, t)),
    );

    const started = Date.now();
    expect((await remove(server, board.id, board.ownerToken)).status).toBe(204);
    expect(await closedWithin(sockets, 1000 - (Date.now() - started))).toEqual([4404, 4404, 4404]);

    for (const token of [board.ownerToken, board.editToken, board.viewToken]) {
      expect((await exportJson(server, board.id, token)).status).toBe(404);
      expect((await getWith(server, `/api/boards/${board.id}/history`, token)).status).toBe(404);
      expect(await refusedWith(server, board.id, token)).toBe(CLOSE.boardDeleted.code);
    }
    expect((await getWith(server, `/api/boards/${board.id}/links`, board.editToken)).status).toBe(404);
    expect((await remove(server, board.id, board.ownerToken)).status).toBe(404);
    expect((await reset(server, board.id, board.ownerToken)).status).toBe(404);

    // The store holds nothing of it: no update, no version, even after its room unloaded.
    await sleep(800);
    const store = new SqliteStore(join(server.dataDir, 'archboard.sqlite'), { synchronous: 'normal' });
    try {
      expect((await store.load(board.id as BoardId)).updates).toEqual([]);
      expect(await store.listSnapshots(board.id as BoardId)).toEqual([]);
      expect(await store.linkGeneration(board.id as BoardId)).toBe('deleted');
    } finally {
      await store.close();
    }
  });
});

describe('two instances sharing Redis', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  it('LINK-7 a reset through one instance closes old-link sockets on both with 4410 within 1 s; new links work on both', async () => {
    cluster = await startCluster(2);
    const [one, two] = [cluster.servers[0]!, cluster.servers[1]!];
    const board = await createBoard(one, 'Clustered');
    const onOne = await joined(one, board.id, board.editToken);
    const onTwo = await joined(two, board.id, board.editToken);
    const viewerOnTwo = await joined(two, board.id, board.viewToken);

    const started = Date.now();
    const answer = await reset(one, board.id, board.ownerToken);
    expect(answer.status).toBe(200);
    const codes = await closedWithin([onOne, onTwo, viewerOnTwo], 1000 - (Date.now() - started));
    expect(codes).toEqual([4410, 4410, 4410]);
    expect(Date.now() - started).toBeLessThan(1000);

    const fresh = answer.body as { editToken: string; viewToken: string };
    for (const target of [one, two]) {
      expect(await refusedWith(target, board.id, board.editToken)).toBe(CLOSE.linkRevoked.code);
      expect((await exportJson(target, board.id, board.viewToken)).status).toBe(401);
    }
    const a = providerClient(one.wsUrl, board.id, fresh.editToken);
    const b = providerClient(two.wsUrl, board.id, fresh.editToken);
    await Promise.all([synced(a), synced(b)]);
    addNode(a.doc, { kind: 'aws.lambda', x: 0, y: 0, label: 'across' });
    await eventually(() => expect(readBoard(b.doc).nodes.map((n) => n.label)).toEqual(['across']));
  });

  it('LINK-8 a delete through one instance closes sockets on both with 4404 and leaves no key of the board in Redis but its mark', async () => {
    cluster = await startCluster(2, { ROOM_IDLE_MS: '300' });
    const [one, two] = [cluster.servers[0]!, cluster.servers[1]!];
    const board = await createBoard(one, 'Clustered, doomed');
    const writer = providerClient(two.wsUrl, board.id, board.editToken);
    await synced(writer);
    addNode(writer.doc, { kind: 'aws.sns', x: 0, y: 0 });
    await eventually(async () =>
      expect((await exportJson(one, board.id, board.viewToken)).json<{ nodes: unknown[] }>().nodes).toHaveLength(1),
    );
    writer.destroy();
    await sleep(300); // the version kept when the last person leaves is written before the delete
    const sockets = [await joined(one, board.id, board.editToken), await joined(two, board.id, board.viewToken)];

    const started = Date.now();
    expect((await remove(two, board.id, board.ownerToken)).status).toBe(204);
    expect(await closedWithin(sockets, 1000 - (Date.now() - started))).toEqual([4404, 4404]);
    for (const target of [one, two]) {
      expect((await exportJson(target, board.id, board.editToken)).status).toBe(404);
      expect(await refusedWith(target, board.id, board.ownerToken)).toBe(CLOSE.boardDeleted.code);
    }
    const redis = new Redis(cluster.redis.url);
    try {
      // The rooms unload (after 300 ms) without writing anything back: no compaction, no version.
      await sleep(800);
      expect((await redis.keys(`archboard:{${board.id}}:*`)).sort()).toEqual([`archboard:{${board.id}}:links`]);
      expect(await redis.get(`archboard:{${board.id}}:links`)).toBe('deleted');
    } finally {
      redis.disconnect();
    }
  });
});
