import { describe, expect, it } from 'vitest';
import { peekClaims, type BoardId } from '@archboard/shared';
import { BoardTokens } from '../../server/src/auth/BoardTokens';
import { createBoard } from '../helpers/server';
import { dropComponent, expectConnected, newPerson, nodeByLabel, serverAndBrowser, shareLinks } from './boardPage';

/** The owner's "Reset links…" in the Share menu, as people see it; a view link that expires while open. */

const SECRET = 'e'.repeat(40); // known here, to sign a view link that expires within seconds
const env = serverAndBrowser(() => ({ AUTH_SECRET: SECRET }));

const tokenOf = (url: string) => new URLSearchParams(new URL(url).hash.slice(1)).get('token') ?? '';

describe('Reset links in the Share menu', () => {
  it('LINK-E1 the owner resets the links: an editor on the old link is told, the owner goes on with new links', async () => {
    const owner = await newPerson(env.browser);
    await owner.goto(`${env.server.url}/`);
    await owner.getByTestId('new-board').click();
    await owner.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(owner);
    expect(peekClaims(tokenOf(owner.url()))?.role).toBe('owner');
    const old = await shareLinks(owner);

    const editor = await newPerson(env.browser);
    await editor.goto(old.edit);
    await expectConnected(editor);
    expect(await editor.getByTestId('share-reset').count()).toBe(0); // only the owner can reset

    await owner.getByTestId('share-button').click();
    await owner.getByTestId('share-reset').click();
    await owner.getByTestId('share-reset-confirm').click();

    // The editor's page says what happened, and does not reconnect.
    const error = editor.getByTestId('board-error');
    await error.waitFor({ timeout: 5000 });
    expect(await error.getAttribute('data-code')).toBe('link-reset');
    expect(await error.textContent()).toContain('This link was reset by the board’s owner; ask for a new one.');

    // The owner's page moved to the new owner link, shows the new links, and works.
    await expect.poll(() => peekClaims(tokenOf(owner.url()))?.gen).toBe(1);
    await expectConnected(owner);
    await owner.getByTestId('share-reset-done').waitFor();
    const fresh = {
      edit: await owner.getByTestId('share-edit-link').getAttribute('data-link'),
      view: await owner.getByTestId('share-view-link').getAttribute('data-link'),
    };
    expect(fresh.edit).not.toBe(old.edit);
    expect(fresh.view).not.toBe(old.view);
    expect(peekClaims(tokenOf(fresh.edit!))).toMatchObject({ role: 'edit', gen: 1 });
    expect(peekClaims(tokenOf(fresh.view!))).toMatchObject({ role: 'view', gen: 1 });
    await owner.keyboard.press('Escape');

    // The editor opens the new edit link and sees what the owner adds.
    await editor.goto(fresh.edit!);
    await editor.reload();
    await expectConnected(editor);
    await dropComponent(owner, 'aws.lambda', { x: 300, y: 250 });
    await nodeByLabel(editor, 'Lambda').waitFor({ timeout: 10_000 });

    // After a reload the owner page still opens with the new owner link.
    await owner.reload();
    await expectConnected(owner);
    await nodeByLabel(owner, 'Lambda').waitFor();
    await owner.context().close();
    await editor.context().close();
  });

  it('LINK-E2 the owner deletes the board: an editor is told, the owner is back on the start page without it', async () => {
    const owner = await newPerson(env.browser);
    await owner.goto(`${env.server.url}/`);
    await owner.getByTestId('new-board').click();
    await owner.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(owner);
    const boardId = new URL(owner.url()).pathname.split('/')[2] ?? '';
    const links = await shareLinks(owner);

    const editor = await newPerson(env.browser);
    await editor.goto(links.edit);
    await expectConnected(editor);
    expect(await editor.getByTestId('share-delete').count()).toBe(0); // only the owner can delete

    await owner.getByTestId('share-button').click();
    await owner.getByTestId('share-delete').click();
    await owner.getByTestId('share-delete-confirm').click();
    await owner.waitForURL(`${env.server.url}/`);
    // the start page no longer lists it
    await owner.getByTestId('new-board').waitFor();
    expect(await owner.locator(`[href*="/b/${boardId}"]`).count()).toBe(0);

    const error = editor.getByTestId('board-error');
    await error.waitFor({ timeout: 5000 });
    expect(await error.getAttribute('data-code')).toBe('board-deleted');
    const gone = await fetch(`${env.server.url}/api/boards/${boardId}/export.json?token=${tokenOf(links.view)}`);
    expect(gone.status).toBe(404);
    for (const page of [owner, editor]) await page.context().close();
  });
});

describe('a view link that expires while open', () => {
  it('LINK-E3 the page says the link has expired when the server closes it at its exp', async () => {
    const board = await createBoard(env.server);
    const signer = new BoardTokens(new TextEncoder().encode(SECRET), { linkGeneration: async () => 0 });
    const exp = Math.floor(Date.now() / 1000) + 8;
    const token = await signer.sign(board.id as BoardId, 'view', 0, exp);
    const viewer = await newPerson(env.browser);
    await viewer.goto(`${env.server.url}/b/${board.id}#token=${token}`);
    await expectConnected(viewer);
    expect(Date.now()).toBeLessThan(exp * 1000); // open before its time: the close comes from the server

    const error = viewer.getByTestId('board-error');
    await error.waitFor({ timeout: 15_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
    expect(await error.getAttribute('data-code')).toBe('link-expired');
    expect(await error.textContent()).toContain('This link has expired');
    await viewer.context().close();
  });
});
