import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE, peekClaims } from '@archboard/shared';
import { eventually, rawClient } from '../helpers/clients';
import { startProvider, type TestProvider } from '../helpers/oidcProvider';
import { createBoard, MAIN, startServer, type RunningServer } from '../helpers/server';

/*
 * SIGN-IN: with OIDC_ISSUER and OIDC_AUDIENCE set, creating a board needs the provider's ID
 * token; every bad one is refused (401, saying why) before the body is read; the client
 * learns where to sign in from GET /api/auth. Without them nothing changes.
 *
 * ORG: a board created as organisation-only opens only with its link and a valid sign-in
 * beside it (WebSocket `?idToken=`, close 4407; HTTP `x-id-token` or `?idToken=`, 401). The
 * signed-in creator is the board's owner, whichever of its links they come with.
 */

const AUDIENCE = 'archboard-web';
let provider: TestProvider;
let server: RunningServer;

beforeAll(async () => {
  provider = await startProvider(AUDIENCE);
  server = await startServer({
    env: { OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_COOLDOWN_MS: '0' },
  });
});
afterAll(async () => {
  await server.stop();
  await provider.close();
});

const create = (headers: Record<string, string>, body = '{}') =>
  fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('sign-in with an OIDC provider', () => {
  it('SIGN-IN-1 the client learns the provider and the client id', async () => {
    expect(await (await fetch(`${server.url}/api/auth`)).json()).toEqual({
      signIn: { issuer: provider.issuer, clientId: AUDIENCE, authorizationEndpoint: `${provider.issuer}/authorize` },
    });
  });

  it('SIGN-IN-2 a signed-in person creates a board; the board works as any other', async () => {
    const response = await create({ authorization: `Bearer ${await provider.idToken()}` }, '{"title":"Signed in"}');
    expect(response.status).toBe(201);
    const board = (await response.json()) as { id: string; viewToken: string };
    const exported = await fetch(`${server.url}/api/boards/${board.id}/export.json?token=${board.viewToken}`);
    expect(((await exported.json()) as { title: string }).title).toBe('Signed in');
  });

  it('SIGN-IN-3 no token, or an expired, foreign, unknown-key or junk one, is refused before the body is read', async () => {
    const { privateKey } = await (await import('jose')).generateKeyPair('RS256');
    const cases: [string, Record<string, string>, RegExp][] = [
      ['none', {}, /sign in to create a board/],
      [
        'expired',
        { authorization: `Bearer ${await provider.idToken({ expiresIn: Math.floor(Date.now() / 1000) - 300 })}` },
        /expired/,
      ],
      ['audience', { authorization: `Bearer ${await provider.idToken({ audience: 'other-app' })}` }, /aud/],
      ['issuer', { authorization: `Bearer ${await provider.idToken({ issuer: 'https://elsewhere.invalid' })}` }, /iss/],
      ['key', { authorization: `Bearer ${await provider.idToken({ kid: 'stranger', key: privateKey })}` }, /key/],
      ['junk', { authorization: 'Bearer not.a.token' }, /not a valid ID token/],
    ];
    // 8 MB of body that is never read: the refusal comes first
    const big = JSON.stringify({ title: 'x'.repeat(8 * 1024 * 1024) });
    for (const [name, headers, reason] of cases) {
      const response = await create(headers, big);
      expect(response.status, name).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await response.json()) as { error: string }).error, name).toMatch(reason);
    }
    // and the server still creates boards for signed-in people
    expect((await create({ authorization: `Bearer ${await provider.idToken()}` })).status).toBe(201);
  });

  it('SIGN-IN-6 the code exchange needs the PKCE verifier of the sign-in that got the code', async () => {
    const verifier = 'v'.repeat(43);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const codeFor = async () => {
      const authorize = new URL(`${provider.issuer}/authorize`);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: AUDIENCE,
        redirect_uri: `${server.url}/auth/callback`,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's',
      }).toString();
      const back = await fetch(authorize, { redirect: 'manual' });
      return new URL(back.headers.get('location') ?? '').searchParams.get('code') ?? '';
    };
    const trade = (body: unknown) =>
      fetch(`${server.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const wrong = await trade({ code: await codeFor(), codeVerifier: 'w'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/refused the code/);
    expect((await trade({ code: 'x', codeVerifier: 'short' })).status).toBe(400);
    const right = await trade({ code: await codeFor(), codeVerifier: verifier });
    expect(right.status).toBe(200);
    const { idToken } = (await right.json()) as { idToken: string };
    // the token it hands out creates boards
    expect((await create({ authorization: `Bearer ${idToken}` })).status).toBe(201);
  });

  it('SIGN-IN-4 without sign-in configured, boards are created as before and /api/auth says so', async () => {
    const plain = await startServer();
    try {
      expect(await (await fetch(`${plain.url}/api/auth`)).json()).toEqual({ signIn: null });
      expect((await createBoard(plain)).id).toBeTruthy();
      // organisation-only needs sign-in: asked for without it, nothing is created
      const orgOnly = await fetch(`${plain.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Org', orgOnly: true }),
      });
      expect(orgOnly.status).toBe(400);
      expect(((await orgOnly.json()) as { error: string }).error).toMatch(/organisation-only boards need sign-in/);
    } finally {
      await plain.stop();
    }
  });

  it('SIGN-IN-5 an issuer without an audience (or the other way round) stops start-up, naming both', () => {
    const run = spawnSync(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        OIDC_ISSUER: provider.issuer,
        DATA_DIR: '/tmp/archboard-oidc-config',
      },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('OIDC_AUDIENCE');
    expect(run.stderr).toContain('OIDC_ISSUER');
  });
});

interface Created {
  id: string;
  ownerToken: string;
  editToken: string;
  viewToken: string;
}
const created = async (response: Response) => {
  expect(response.status).toBe(201);
  return (await response.json()) as Created;
};
/** The close code of a socket on the board, or 0 once the server answered it as a member (its first sync message). */
async function socketOutcome(board: string, token: string, idToken?: string): Promise<number> {
  const query = new URLSearchParams({ token, ...(idToken === undefined ? {} : { idToken }) });
  const client = rawClient(`${server.wsUrl}/${board}?${query.toString()}`);
  const first = await Promise.race([
    client.closed.then((c) => c.code),
    eventually(() => expect(client.messages.length).toBeGreaterThan(0)).then(() => 0),
  ]);
  client.ws.terminate();
  return first;
}
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('organisation-only boards and the owner by sign-in', () => {
  it('ORG-5 an organisation-only board opens with its link and a valid sign-in; without one, 4407 and 401', async () => {
    const owner = await provider.idToken();
    const board = await created(await create(bearer(owner), JSON.stringify({ title: 'For the team', orgOnly: true })));
    const colleague = await provider.idToken({ subject: 'user-2' });
    const expired = await provider.idToken({ expiresIn: Math.floor(Date.now() / 1000) - 300 });
    const foreign = await provider.idToken({ audience: 'another-app' });

    // the socket: a colleague signed in gets in; no sign-in, an expired or another app's is refused 4407 (final)
    expect(await socketOutcome(board.id, board.editToken, colleague)).toBe(0);
    expect(await socketOutcome(board.id, board.viewToken, colleague)).toBe(0);
    for (const idToken of [undefined, expired, foreign, 'junk'])
      expect(await socketOutcome(board.id, board.editToken, idToken), String(idToken)).toBe(CLOSE.signInRequired.code);
    // a sign-in opens nothing without the link, and a bad link stays what it was
    expect(await socketOutcome(board.id, 'not-a-link', colleague)).toBe(CLOSE.unauthorized.code);

    // HTTP reads (exports, history, links): 401 without a sign-in, fine with one (header or query)
    const paths = [`/api/boards/${board.id}/export.json`, `/api/boards/${board.id}/history`];
    for (const path of paths) {
      const refused = await get(path, bearer(board.viewToken));
      expect(refused.status, path).toBe(401);
      expect(((await refused.json()) as { error: string }).error).toMatch(/sign in to open this board/);
      expect((await get(path, { ...bearer(board.viewToken), 'x-id-token': expired })).status, path).toBe(401);
      expect((await get(path, { ...bearer(board.viewToken), 'x-id-token': colleague })).status, path).toBe(200);
    }
    const byQuery = await get(`/api/boards/${board.id}/export.json?token=${board.viewToken}&idToken=${colleague}`);
    expect(((await byQuery.json()) as { title: string }).title).toBe('For the team');
    expect((await get(`/api/boards/${board.id}/links`, bearer(board.editToken))).status).toBe(401);
  });

  it('ORG-6 a board created without the flag is not organisation-only; an import of it made so (?orgOnly=true) is', async () => {
    const open = await created(await create(bearer(await provider.idToken()), '{"title":"Open"}'));
    expect(await socketOutcome(open.id, open.editToken)).toBe(0);
    const exported = await get(`/api/boards/${open.id}/export.json`, bearer(open.viewToken));
    expect(exported.status).toBe(200);
    const file = await exported.text();
    const imported = await created(
      await fetch(`${server.url}/api/boards?orgOnly=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(await provider.idToken()) },
        body: file,
      }),
    );
    expect(await socketOutcome(imported.id, imported.editToken)).toBe(CLOSE.signInRequired.code);
    expect(await socketOutcome(imported.id, imported.editToken, await provider.idToken())).toBe(0);
    expect((await create(bearer(await provider.idToken()), '{"orgOnly":"yes"}')).status).toBe(400);
  });

  it('ORG-7 the signed-in creator has the owner’s rights with an edit link; no one else does; the owner link works as before', async () => {
    const creator = await provider.idToken();
    const board = await created(await create(bearer(creator), '{"title":"Mine"}'));
    const someone = await provider.idToken({ subject: 'user-2' });
    const reset = (token: string, idToken?: string) =>
      fetch(`${server.url}/api/boards/${board.id}/links/reset`, {
        method: 'POST',
        headers: { ...bearer(token), ...(idToken ? { 'x-id-token': idToken } : {}) },
      });

    expect((await reset(board.editToken)).status).toBe(403);
    expect((await reset(board.editToken, someone)).status).toBe(403);
    // the creator, signed in, with the edit link: the links answer holds the owner link too
    const links = await get(`/api/boards/${board.id}/links`, { ...bearer(board.editToken), 'x-id-token': creator });
    const { ownerToken } = (await links.json()) as { ownerToken?: string };
    expect(peekClaims(ownerToken ?? '')).toMatchObject({ sub: board.id, role: 'owner' });
    const byEditor = (await get(`/api/boards/${board.id}/links`, bearer(board.editToken)).then((r) => r.json())) as {
      ownerToken?: string;
    };
    expect(byEditor.ownerToken).toBeUndefined();

    const fresh = await reset(board.editToken, creator);
    expect(fresh.status).toBe(200);
    const next = (await fresh.json()) as Created;
    expect(peekClaims(next.editToken)).toMatchObject({ role: 'edit', gen: 1 });
    // the owner link of the new generation works as ever, without a sign-in
    expect((await reset(next.ownerToken)).status).toBe(200);

    const other = await created(await create(bearer(creator), '{}'));
    const remove = (idToken?: string) =>
      fetch(`${server.url}/api/boards/${other.id}`, {
        method: 'DELETE',
        headers: { ...bearer(other.editToken), ...(idToken ? { 'x-id-token': idToken } : {}) },
      });
    expect((await remove(someone)).status).toBe(403);
    expect((await remove(creator)).status).toBe(204);
    expect(await socketOutcome(other.id, other.editToken, creator)).toBe(CLOSE.boardDeleted.code);
  });
});
