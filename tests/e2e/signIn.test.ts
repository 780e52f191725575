import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvider, type TestProvider } from '../helpers/oidcProvider';
import { expectConnected, newPerson, serverAndBrowser, shareLinks } from './boardPage';

/*
 * SIGN-IN-UI: on a server with sign-in configured, the start page asks to sign in; the
 * browser goes to the provider's page (authorization code with PKCE), comes back signed
 * in, creates a board and opens it. A link to that board opens without signing in; a link
 * to an organisation-only board does not: the page says to sign in, and after signing in
 * the same link opens it, with the owner's rights for the board's creator.
 */

const AUDIENCE = 'archboard-web';
let provider: TestProvider;
beforeAll(async () => {
  provider = await startProvider(AUDIENCE);
});
afterAll(() => provider.close());
const env = serverAndBrowser(() => ({ OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: AUDIENCE }));

describe('sign-in in the browser', () => {
  it('SIGN-IN-UI-1 sign in at the provider, come back, create a board; a shared link needs no sign-in', async () => {
    const page = await newPerson(env.browser);
    await page.goto(env.server.url);
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('new-board').count()).toBe(0);

    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${env.server.url}/`);
    await expect.poll(() => page.getByTestId('signed-in').textContent()).toContain('ada@example.com');
    await page.getByTestId('new-board').click();
    await page.waitForURL(/\/b\//);
    await expectConnected(page);
    const link = page.url();

    const guest = await newPerson(env.browser);
    await guest.goto(link);
    await expectConnected(guest);
    for (const p of [page, guest]) await p.context().close();
  });

  it('SIGN-IN-UI-2 a callback that this tab did not start is refused, and says so', async () => {
    const page = await newPerson(env.browser);
    await page.goto(`${env.server.url}/auth/callback?code=stolen&state=forged`);
    await expect.poll(() => page.getByTestId('sign-in-callback').textContent()).toContain('not started here');
    await page.context().close();
  });

  it('SIGN-IN-UI-3 an organisation-only board opens for a signed-in page; a signed-out one is asked to sign in, then gets in', async () => {
    const page = await newPerson(env.browser);
    await page.goto(env.server.url);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${env.server.url}/`);
    await page.getByTestId('org-only').check();
    await page.getByTestId('new-board').click();
    await page.waitForURL(/\/b\//);
    await expectConnected(page);
    const { edit } = await shareLinks(page);

    const guest = await newPerson(env.browser);
    await guest.goto(edit);
    const refusal = guest.getByTestId('board-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('sign-in-required');
    expect(await refusal.textContent()).toContain('Sign in to open this board');
    // signing in from the refusal comes back to the same board, which opens
    await guest.getByTestId('sign-in-to-open').click();
    await guest.waitForURL((url) => url.pathname === new URL(edit).pathname);
    await expectConnected(guest);
    // The provider here has one user, the board's creator: signed in, the edit link brings the owner's rights.
    expect(await guest.getByTestId('share-delete').count()).toBe(0);
    await guest.getByTestId('share-button').click();
    await guest.getByTestId('share-delete').waitFor();
    expect(await guest.getByTestId('share-owner-link').getAttribute('data-link')).toContain('#token=');
    for (const p of [page, guest]) await p.context().close();
  });
});
