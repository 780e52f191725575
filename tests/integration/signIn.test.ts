import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvider, type TestProvider } from '../helpers/oidcProvider';
import { createBoard, MAIN, startServer, type RunningServer } from '../helpers/server';

/*
 * SIGN-IN: with OIDC_ISSUER and OIDC_AUDIENCE set, creating a board needs the provider's ID
 * token; every bad one is refused (401, saying why) before the body is read; the client
 * learns where to sign in from GET /api/auth. Without them nothing changes.
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
