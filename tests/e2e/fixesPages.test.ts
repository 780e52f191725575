import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { boardMaps, META_KEYS } from '@archboard/shared';
import { exportFixture } from '@archboard/shared/testing';
import { providerClient, synced } from '../helpers/clients';
import { createBoard } from '../helpers/server';
import { expectConnected, newPerson, serverAndBrowser } from './boardPage';
import { createBoardFrom } from './exportPage';

/**
 * Fixes seen in the browser: the not-found page (bug 8), a blank board title (bug 9),
 * Recent boards keeping the edit link (bug 2) and the view link for every editor.
 */

const env = serverAndBrowser();

/** The entry this browser keeps for `boardId` in Recent boards. */
async function remembered(
  page: Page,
  boardId: string,
): Promise<{ editToken?: string; viewToken?: string } | undefined> {
  const raw = await page.evaluate<string | null>('localStorage.getItem("archboard:recent-boards")');
  const list = JSON.parse(raw ?? '[]') as { id: string; editToken?: string; viewToken?: string }[];
  return list.find((b) => b.id === boardId);
}

describe('an unknown address (bug 8)', () => {
  it('shows the app’s not-found page with status 404 and a link home', async () => {
    const page = await newPerson(env.browser);
    const response = await page.goto(`${env.server.url}/nonsense/here`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Go to your boards' }).click();
    await page.getByTestId('new-board').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.context().close();
  });
});

describe('the board title (bug 9)', () => {
  it('goes back to the previous title when emptied, and the tab never reads “· Archboard” alone', async () => {
    const board = await createBoard(env.server, 'Photo sharing');
    const a = await newPerson(env.browser);
    const b = await newPerson(env.browser);
    await a.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await b.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(a);
    await expectConnected(b);
    const field = a.getByTestId('board-title');
    await expect.poll(() => field.inputValue()).toBe('Photo sharing');

    // Emptied and confirmed with Enter: the field and the tab keep the title; nobody saw it blank.
    await field.fill('');
    expect(await field.inputValue()).toBe('');
    expect(await b.getByTestId('board-title').inputValue()).toBe('Photo sharing');
    await field.press('Enter');
    expect(await field.inputValue()).toBe('Photo sharing');
    expect(await a.title()).toBe('Photo sharing · Archboard');

    // Blanks only, then a click elsewhere: the same.
    await field.fill('    ');
    await a.locator('.react-flow__pane').click({ position: { x: 300, y: 300 } });
    expect(await field.inputValue()).toBe('Photo sharing');

    // A new title is trimmed for everyone, while its own field keeps what was typed until it is left.
    await field.fill('  Feed service  ');
    expect(await field.inputValue()).toBe('  Feed service  ');
    await expect.poll(() => b.getByTestId('board-title').inputValue()).toBe('Feed service');
    await field.press('Enter');
    expect(await field.inputValue()).toBe('Feed service');
    await expect.poll(() => a.title()).toBe('Feed service · Archboard');
    await expect.poll(() => b.title()).toBe('Feed service · Archboard');
    await a.context().close();
    await b.context().close();
  });

  it('names the tab “Untitled board” for a board whose stored title is blank', async () => {
    // The server and setBoardTitle refuse blank titles, so a blank one can only come from
    // an older or foreign client: one writes it here straight into the doc, over the wire.
    const board = await createBoardFrom(env.server.url, exportFixture());
    const writer = providerClient(env.server.wsUrl, board.id, board.editToken);
    await synced(writer);
    boardMaps(writer.doc).meta.set(META_KEYS.title, '   ');
    const page = await newPerson(env.browser);
    await page.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(page);
    await expect.poll(() => page.title()).toBe('Untitled board · Archboard');
    writer.destroy();
    await page.context().close();
  });
});

describe('Recent boards (bug 2)', () => {
  it('keeps the edit link when the board is opened with another board’s token or its view link', async () => {
    const [mine, other] = await Promise.all([createBoard(env.server, 'Mine'), createBoard(env.server, 'Other')]);
    const page = await newPerson(env.browser);
    await page.goto(`${env.server.url}/b/${mine.id}#token=${mine.editToken}`);
    await expectConnected(page);
    await expect.poll(() => remembered(page, mine.id)).toMatchObject({ editToken: mine.editToken });

    // Another board's tokens in my board's address: refused, and nothing of them remembered.
    for (const foreign of [other.editToken, other.viewToken]) {
      await page.goto(`${env.server.url}/b/${mine.id}#token=${foreign}`);
      await page.reload(); // a new fragment alone does not load the page again
      const error = page.getByTestId('board-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('forbidden');
    }
    // My board's view link: opens read-only, and is remembered beside the edit link.
    await page.goto(`${env.server.url}/b/${mine.id}#token=${mine.viewToken}`);
    await page.reload();
    await expectConnected(page);
    await page.getByTestId('view-only-badge').waitFor();
    await expect.poll(() => remembered(page, mine.id)).toMatchObject({ viewToken: mine.viewToken });
    expect(await remembered(page, mine.id)).toMatchObject({ editToken: mine.editToken });
    expect(await remembered(page, other.id)).toBeUndefined();

    // The landing page's card still opens the board for editing.
    await page.goto(`${env.server.url}/`);
    const card = page.getByTestId('recent-board').filter({ hasText: 'Mine' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Can edit');
    await card.click();
    await expectConnected(page);
    expect(new URL(page.url()).hash).toBe(`#token=${mine.editToken}`);
    expect(await page.getByTestId('view-only-badge').count()).toBe(0);
    await page.context().close();
  });
});

describe('Recent boards on the landing page', () => {
  it('RECENT-1 someone coming back finds their boards above the features, each title whole; a first visit shows the features first', async () => {
    const page = await newPerson(env.browser);
    const top = (selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().top);
    await page.goto(`${env.server.url}/`);
    await page.locator('.recent-boards__empty').waitFor();
    expect(await top('.features')).toBeLessThan(await top('.recent-boards'));

    const title = 'Checkout platform, EU region';
    const board = await createBoard(env.server, title);
    await page.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(page);
    await page.goto(`${env.server.url}/`);
    const shown = page.getByTestId('recent-board-title');
    await shown.waitFor();
    expect(await top('.recent-boards')).toBeLessThan(await top('.features'));
    expect(await shown.textContent()).toBe(title);
    // Whole, not cut with an ellipsis (it may take two lines); the role badge still on the card.
    expect(await shown.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(
      true,
    );
    expect(await page.getByTestId('recent-board').textContent()).toContain('Can edit');
    await page.context().close();
  });
});

describe('the view link for every editor', () => {
  it('an editor who did not create the board gets a view link from the Share menu, and it opens read-only', async () => {
    const board = await createBoard(env.server, 'Shared');
    const editor = await newPerson(env.browser);
    await editor.goto(`${env.server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(editor);
    expect(await remembered(editor, board.id)).not.toHaveProperty('viewToken');

    await editor.getByTestId('share-button').click();
    const viewButton = editor.getByTestId('share-view-link');
    await expect.poll(() => viewButton.getAttribute('data-link'), { timeout: 10_000 }).toMatch(/#token=/);
    const link = (await viewButton.getAttribute('data-link'))!;
    expect(await editor.getByTestId('share-view-url').inputValue()).toBe(link);
    expect(link.startsWith(`${env.server.url}/b/${board.id}#token=`)).toBe(true);
    await editor.keyboard.press('Escape');
    // remembered with the board, so the next Share menu has it at once
    const token = decodeURIComponent(link.split('#token=')[1]!);
    await expect
      .poll(() => remembered(editor, board.id))
      .toMatchObject({ editToken: board.editToken, viewToken: token });

    const viewer = await newPerson(env.browser);
    await viewer.goto(link);
    await expectConnected(viewer);
    await viewer.getByTestId('view-only-badge').waitFor();
    expect(await viewer.getByTestId('board-title').count()).toBe(0);
    await editor.context().close();
    await viewer.context().close();
  });
});
