import { exportSPKI, generateKeyPair, importJWK, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startProvider, type TestProvider } from '../../../tests/helpers/oidcProvider';
import { OidcVerifier } from './oidc';

/*
 * OIDC-1…8: ID tokens of a provider made here with jose (its discovery document and key
 * set served from a local HTTP server) are accepted only when signed by a published key,
 * with an allowed algorithm, for this issuer and audience, and unexpired.
 */

const AUDIENCE = 'archboard-app';
let provider: TestProvider;
beforeAll(async () => {
  provider = await startProvider(AUDIENCE);
});
afterAll(() => provider.close());

const verifier = (cooldownMs = 0) =>
  new OidcVerifier({ issuer: provider.issuer, audience: AUDIENCE, jwksCooldownMs: cooldownMs });
const idToken = (options?: Parameters<TestProvider['idToken']>[0]) => provider.idToken(options);

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('OIDC ID tokens', () => {
  test('OIDC-1 a good token from the discovered key set signs the user in', async () => {
    expect(await verifier().verify(await idToken())).toEqual({
      ok: true,
      user: { subject: 'user-1', email: 'ada@example.com' },
    });
  });

  test('OIDC-2 expired, wrong audience and wrong issuer are refused, saying which', async () => {
    const v = verifier();
    const expired = await v.verify(await idToken({ expiresIn: Math.floor(Date.now() / 1000) - 120 }));
    expect(expired).toEqual({ ok: false, reason: 'the sign-in has expired' });
    expect(await v.verify(await idToken({ audience: 'another-app' }))).toEqual({
      ok: false,
      reason: "the token's aud is not this app's",
    });
    expect(await v.verify(await idToken({ issuer: 'https://issuer.invalid' }))).toEqual({
      ok: false,
      reason: "the token's iss is not this app's",
    });
  });

  test('OIDC-3 a key the provider does not publish is refused', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const verdict = await verifier().verify(await idToken({ kid: 'k1', key: privateKey }));
    expect(verdict.ok).toBe(false);
    const unknown = await verifier().verify(await idToken({ kid: 'nobody', key: privateKey }));
    expect(unknown).toEqual({ ok: false, reason: 'the token is signed with a key the provider does not publish' });
  });

  test('OIDC-4 key rotation: a token with a newly published kid is accepted after one more fetch', async () => {
    const v = verifier();
    expect((await v.verify(await idToken())).ok).toBe(true);
    const before = provider.keyFetches;
    const rotated = await provider.addKey('k2');
    expect(await v.verify(await idToken({ kid: 'k2', key: rotated }))).toMatchObject({ ok: true });
    expect(provider.keyFetches).toBe(before + 1);
    // the cooldown keeps a flood of unknown kids from refetching every time
    const slow = verifier(60_000);
    expect((await slow.verify(await idToken())).ok).toBe(true);
    const fetched = provider.keyFetches;
    const { privateKey } = await generateKeyPair('RS256');
    for (let i = 0; i < 5; i++) await slow.verify(await idToken({ kid: `flood-${i}`, key: privateKey }));
    expect(provider.keyFetches - fetched).toBeLessThanOrEqual(1);
  });

  test('OIDC-5 HS256 signed with the public key as the secret (algorithm confusion) is refused', async () => {
    const jwk = provider.published[0]!;
    const publicKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
    const pem = await exportSPKI(publicKey);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('attacker')
      .setIssuer(provider.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    expect((await verifier().verify(forged)).ok).toBe(false);
  });

  test('OIDC-6 alg none, a tampered payload and junk are refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'attacker', iss: provider.issuer, aud: AUDIENCE, iat: now, exp: now + 300 };
    const none = `${b64({ alg: 'none' })}.${b64(claims)}.`;
    expect((await verifier().verify(none)).ok).toBe(false);
    const [head, , signature] = (await idToken()).split('.');
    const tampered = `${head}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`;
    expect((await verifier().verify(tampered)).ok).toBe(false);
    for (const junk of ['', 'abc', 'a.b.c', '...']) expect(await verifier().verify(junk)).toMatchObject({ ok: false });
  });

  test('OIDC-7 an unreachable provider refuses the sign-in and is tried again next time', async () => {
    const gone = new OidcVerifier({ issuer: 'http://127.0.0.1:9', audience: AUDIENCE, jwksCooldownMs: 0 });
    expect(await gone.verify(await idToken())).toEqual({
      ok: false,
      reason: 'the sign-in provider could not be reached',
    });
    expect(await gone.verify(await idToken())).toMatchObject({ ok: false });
  });
});
