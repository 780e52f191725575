import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCORECARD_AREAS } from '@archboard/shared';
import { createInterviewBoard, type RunningServer } from '../helpers/server';
import { dropComponent, expectConnected, newPerson, nodeByLabel, serverAndBrowser } from './boardPage';
import { newDownloader, Picture } from './exportPage';

/*
 * NOTES-E1…E3: the interviewer's private notes and scorecard in the browser. They live in
 * the host's own document (`<board>~host`), which only the host's page opens; a
 * candidate's page neither shows them nor asks the server for them. They survive a reload
 * (and reach another of the host's browsers through the server), and "Export feedback"
 * downloads them as Markdown with the scorecard, the notes and the diagram.
 */

const env = serverAndBrowser();

interface Interview {
  id: string;
  hostToken: string;
  editToken: string;
  viewToken: string;
}

/** Creates an interview board as "Start an interview" does: its creator's link is the host's. */
async function createInterview(server: RunningServer): Promise<Interview> {
  return createInterviewBoard(server, { title: 'Design a URL shortener' });
}

/** Opens the page at a board link, recording the URL of every WebSocket it opens. */
async function open(page: Page, board: Interview, token: string): Promise<string[]> {
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.goto(`${env.server.url}/b/${board.id}#token=${token}`);
  await expectConnected(page);
  return sockets;
}

async function openNotes(page: Page): Promise<void> {
  await page.getByTestId('host-notes-toggle').click();
  await page.getByTestId('host-notes-panel').waitFor();
}

const noteTexts = (page: Page) => page.getByTestId('host-note-text').allInnerTexts();

async function addNote(page: Page, text: string): Promise<void> {
  const before = await page.getByTestId('host-note').count();
  await page.getByTestId('host-note-input').fill(text);
  await page.getByTestId('host-note-input').press('Enter');
  await expect.poll(() => page.getByTestId('host-note').count()).toBe(before + 1);
  expect(await page.getByTestId('host-note-input').inputValue()).toBe('');
}

const rating = (page: Page, area: string, word: string) =>
  page.getByTestId(`score-${area}`).getByRole('radio', { name: word });

/** What the scorecard tab shows: per area the checked rating word and the comment, and the recommendation. */
async function scorecardShown(page: Page) {
  await page.getByTestId('host-notes-tab-scorecard').click();
  const areas: Record<string, { rating: string | null; comment: string }> = {};
  for (const { id } of SCORECARD_AREAS) {
    const checked = page.getByTestId(`score-${id}`).locator('[aria-checked="true"]');
    areas[id] = {
      rating: (await checked.count()) > 0 ? await checked.innerText() : null,
      comment: await page.getByTestId(`score-comment-${id}`).inputValue(),
    };
  }
  return { areas, recommendation: await page.getByTestId('recommendation').inputValue() };
}

const SKEW_MS = 45 * 60_000;

const FILLED = {
  areas: {
    requirements: { rating: 'Strong', comment: 'Asked about read/write ratio first' },
    estimation: { rating: null, comment: '' },
    design: { rating: 'Good', comment: 'Clean split | cache in front' },
    tradeoffs: { rating: null, comment: '' },
    communication: { rating: 'Mixed', comment: '' },
  },
  recommendation: 'Hire',
};

describe('the interviewer’s private notes and scorecard', () => {
  it('NOTES-E1 the host writes notes and a scorecard; the candidate sees none of it and never opens the host document', async () => {
    const board = await createInterview(env.server);
    const host = await newDownloader(env.browser);
    // The host's computer is 45 minutes fast: a note's time must still be the server's.
    await host.context().addInitScript(`{ const real = Date.now; Date.now = () => real() + ${SKEW_MS}; }`);
    const hostSockets = await open(host, board, board.hostToken);
    await dropComponent(host, 'aws.lambda', { x: 420, y: 260 });
    await expect.poll(() => nodeByLabel(host, 'Lambda').count()).toBe(1);
    await host.getByTestId('answer-q1').fill('Shorten and redirect; 100:1 reads');

    await openNotes(host);
    await expect.poll(() => hostSockets.some((url) => url.includes(`/ws/${board.id}~host?`))).toBe(true);
    const before = Date.now();
    await addNote(host, 'Clarified scale before drawing');
    const at = Number(await host.getByTestId('host-note').first().getAttribute('data-at'));
    expect(at).toBeGreaterThanOrEqual(before - 1_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1_000);
    // The interview starts: later notes count from its start and carry its phase.
    await host.getByTestId('interview-start').click();
    await expect.poll(() => host.getByTestId('interview-status').innerText()).toMatch(/running/i);
    await addNote(host, 'Picked DynamoDB, argued hot keys');
    await addNote(host, 'A note to throw away');
    expect(await noteTexts(host)).toEqual([
      'Clarified scale before drawing',
      'Picked DynamoDB, argued hot keys',
      'A note to throw away',
    ]);
    // Edited in place (its time stays) and removed.
    const second = host.getByTestId('host-note').nth(1);
    const stamped = await second.getAttribute('data-at');
    await second.hover();
    await second.getByTestId('host-note-edit').click();
    await host.getByTestId('host-note-edit-input').fill('Picked DynamoDB, argued hot keys well');
    await host.getByTestId('host-note-edit-input').press('Enter');
    await host.getByTestId('host-note').nth(2).hover();
    await host.getByTestId('host-note').nth(2).getByTestId('host-note-remove').click();
    await expect
      .poll(() => noteTexts(host))
      .toEqual(['Clarified scale before drawing', 'Picked DynamoDB, argued hot keys well']);
    expect(await host.getByTestId('host-note').nth(1).getAttribute('data-at')).toBe(stamped);

    await host.getByTestId('host-notes-tab-scorecard').click();
    for (const [area, { rating: word, comment }] of Object.entries(FILLED.areas)) {
      if (word) await rating(host, area, word).click();
      if (comment) await host.getByTestId(`score-comment-${area}`).fill(comment);
    }
    await host.getByTestId('recommendation').selectOption('Hire');
    // A second click on a chosen rating clears it.
    await rating(host, 'estimation', 'Weak').click();
    await rating(host, 'estimation', 'Weak').click();
    await host.getByTestId('host-notes-tab-notes').click(); // leaves the last comment: it is written
    expect(await scorecardShown(host)).toEqual(FILLED);

    // The candidate (the edit link) and an observer (the view link): no toggle, no panel, no socket to `~host`.
    for (const token of [board.editToken, board.viewToken]) {
      const other = await newPerson(env.browser);
      const sockets = await open(other, board, token);
      await expect.poll(() => nodeByLabel(other, 'Lambda').count()).toBe(1);
      expect(await other.getByTestId('host-notes-toggle').count()).toBe(0);
      expect(await other.getByTestId('host-notes-panel').count()).toBe(0);
      expect(sockets.some((url) => url.includes(`/ws/${board.id}?`))).toBe(true);
      expect(sockets.filter((url) => url.includes('~host') || url.includes('%7Ehost'))).toEqual([]);
      expect(await other.content()).not.toContain('argued hot keys');
      await other.context().close();
    }

    // NOTES-E2 a reload keeps everything; so does another browser of the host's (from the server, not IndexedDB).
    await host.reload();
    await expectConnected(host);
    await openNotes(host);
    await expect
      .poll(() => noteTexts(host))
      .toEqual(['Clarified scale before drawing', 'Picked DynamoDB, argued hot keys well']);
    expect(await scorecardShown(host)).toEqual(FILLED);
    const elsewhere = await newPerson(env.browser);
    await open(elsewhere, board, board.hostToken);
    await openNotes(elsewhere);
    await expect
      .poll(() => noteTexts(elsewhere))
      .toEqual(['Clarified scale before drawing', 'Picked DynamoDB, argued hot keys well']);
    expect(await scorecardShown(elsewhere)).toEqual(FILLED);
    await elsewhere.context().close();

    // NOTES-E3 Export feedback: one Markdown file with the scorecard rows, the notes and the diagram.
    const [download] = await Promise.all([
      host.waitForEvent('download', { timeout: 30_000 }),
      host.getByTestId('export-feedback').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Design a URL shortener feedback.md');
    const md = await readFile(await download.path(), 'utf8');
    expect(md.split('\n')[0]).toBe('# Interview feedback: Design a URL shortener');
    expect(md).toContain('| Requirements | Strong (4/4) | Asked about read/write ratio first |');
    expect(md).toContain('| Estimation | _not rated_ |  |');
    expect(md).toContain('| Design | Good (3/4) | Clean split \\| cache in front |');
    expect(md).toContain('| Communication | Mixed (2/4) |  |');
    expect(md).toContain('**Recommendation:** Hire');
    const notes = md.split('\n').filter((line) => line.startsWith('- **'));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^- \*\*\d\d:\d\d\*\* · before the start — Clarified scale before drawing$/);
    expect(notes[1]).toMatch(/^- \*\*00:\d\d\*\* · Requirements — Picked DynamoDB, argued hot keys well$/);
    expect(md).toMatch(/\| Requirements \| 10 min \| \d\d:\d\d \(running\) \|/);
    expect(md).toContain('Shorten and redirect; 100:1 reads');
    const image = /!\[Diagram: Design a URL shortener\]\(data:image\/png;base64,([A-Za-z0-9+/=]+)\)/.exec(md);
    expect(image).not.toBeNull();
    const png = Picture.decode(Buffer.from(image![1]!, 'base64'));
    expect(png.width).toBeGreaterThan(100);
    expect(png.height).toBeGreaterThan(100);
  });
});
