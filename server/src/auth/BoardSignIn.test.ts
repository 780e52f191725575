import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newBoardId, type BoardId } from '@archboard/shared';
import { startProvider, type TestProvider } from '../../../tests/helpers/oidcProvider';
import { SqliteStore } from '../store/SqliteStore';
import type { BoardRecord } from '../store/Store';
import { BoardSignIn } from './BoardSignIn';
import { BoardTokens } from './BoardTokens';
import { OidcVerifier } from './oidc';

/*
 * ORG-1…4: a board's link and a sign-in beside it, checked together (BoardTokens with
 * BoardSignIn) against a real store and ID tokens of a provider made here.
 */

const AUDIENCE = 'archboard-app';
let provider: TestProvider;
let dir: string;
let store: SqliteStore;
let tokens: BoardTokens;
beforeAll(async () => {
  provider = await startProvider(AUDIENCE);
  dir = mkdtempSync(join(tmpdir(), 'archboard-signin-'));
  store = new SqliteStore(join(dir, 'test.sqlite'), { synchronous: 'normal' });
  const verifier = new OidcVerifier({ issuer: provider.issuer, audience: AUDIENCE, jwksCooldownMs: 0 });
  tokens = new BoardTokens(new TextEncoder().encode('s'.repeat(40)), store, new BoardSignIn(store, verifier));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await provider.close();
});

async function board(record: Omit<BoardRecord, 'createdAt'> | undefined) {
  const id: BoardId = newBoardId();
  if (record) await store.recordBoard(id, { createdAt: Date.now(), ...record });
  return { id, ...(await tokens.issue(id, 0)) };
}
const creator = () => ({ issuer: provider.issuer, subject: 'user-1' });

describe('links and sign-in together', () => {
  test('ORG-1 an organisation-only board opens with its link and a valid sign-in, and only so (4407)', async () => {
    const b = await board({ orgOnly: true, owner: { issuer: provider.issuer, subject: 'someone-else' } });
    const colleague = await provider.idToken({ subject: 'user-2' });
    expect(await tokens.verify(b.editToken, b.id, colleague)).toEqual({ ok: true, role: 'edit', generation: 0 });
    expect(await tokens.verify(b.viewToken, b.id, colleague)).toEqual({ ok: true, role: 'view', generation: 0 });
    const expired = await provider.idToken({ expiresIn: Math.floor(Date.now() / 1000) - 300 });
    const foreign = await provider.idToken({ audience: 'another-app' });
    for (const idToken of [undefined, null, '', 'junk', expired, foreign]) {
      expect(await tokens.verify(b.editToken, b.id, idToken), String(idToken)).toEqual({
        ok: false,
        close: 'signInRequired',
      });
    }
    // the link is checked first: a sign-in opens nothing without a link of the board
    expect(await tokens.verify(undefined, b.id, colleague)).toEqual({ ok: false, close: 'unauthorized' });
  });

  test('ORG-2 the signed-in creator gets the owner’s role with any link of the board; others keep the link’s', async () => {
    const b = await board({ orgOnly: false, owner: creator() });
    const owner = await provider.idToken();
    for (const link of [b.ownerToken, b.editToken, b.viewToken])
      expect(await tokens.verify(link, b.id, owner)).toEqual({ ok: true, role: 'owner', generation: 0 });
    expect(await tokens.verify(b.editToken, b.id, await provider.idToken({ subject: 'user-2' }))).toMatchObject({
      role: 'edit',
    });
    expect(await tokens.verify(b.editToken, b.id)).toMatchObject({ role: 'edit' }); // not signed in
    // the same subject from another provider is someone else
    const elsewhere = await board({ orgOnly: false, owner: { issuer: 'https://other.example', subject: 'user-1' } });
    expect(await tokens.verify(elsewhere.editToken, elsewhere.id, owner)).toMatchObject({ role: 'edit' });
  });

  test('ORG-3 a board without a record (created before records) opens with its link alone, as before', async () => {
    const b = await board(undefined);
    expect(await tokens.verify(b.editToken, b.id)).toEqual({ ok: true, role: 'edit', generation: 0 });
    expect(await tokens.verify(b.editToken, b.id, await provider.idToken())).toMatchObject({ role: 'edit' });
  });

  test('ORG-4 with sign-in switched off, an organisation-only board opens for nobody; other boards as before', async () => {
    const off = new BoardTokens(new TextEncoder().encode('s'.repeat(40)), store, new BoardSignIn(store, undefined));
    const org = await board({ orgOnly: true, owner: creator() });
    const plain = await board({ orgOnly: false, owner: creator() });
    expect(await off.verify(org.ownerToken, org.id, await provider.idToken())).toEqual({
      ok: false,
      close: 'signInRequired',
    });
    expect(await off.verify(plain.editToken, plain.id, await provider.idToken())).toMatchObject({ role: 'edit' });
  });
});
