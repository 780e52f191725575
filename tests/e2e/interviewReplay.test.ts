import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createInterviewBoard, type RunningServer } from '../helpers/server';
import {
  dropComponent,
  expectConnected,
  newPerson,
  nodeByLabel,
  screenBoxesOverlap,
  serverAndBrowser,
} from './boardPage';

/*
 * REPLAY-E1…E5: the interview's replay in the browser. A scripted session of two people
 * (the host's page and the candidate's, each drawing through the UI under its own name and
 * colour) and three phases, run from the host's interview bar. Afterwards the host
 * replays it: each phase mark shows exactly the `phase` version kept at that boundary,
 * each node framed in the colour of who added it; "Restore this point" is one undoable
 * edit; the candidate's page gets the replay only once the host shares it after the end.
 */

const env = serverAndBrowser();

const HOST = { name: 'Ivy Host', color: '#1c7ed6' };
const CANDIDATE = { name: 'Carl Candidate', color: '#2f9e44' };
const PHASES = [
  { name: 'Requirements', minutes: 10 },
  { name: 'Design', minutes: 15 },
  { name: 'Deep dive', minutes: 10 },
];
const WAIT = { timeout: 15_000 };
/** The candidate's answer to the first design question, written in phase 2. */
const ANSWER = 'Availability: every short link must resolve';

interface Interview {
  id: string;
  hostToken: string;
  editToken: string;
}

async function createInterview(server: RunningServer): Promise<Interview> {
  return createInterviewBoard(server, { title: 'Design a chat service', phases: PHASES });
}

/** A page whose person has a name and colour of their own (as if picked in the name dialog). */
async function personAs(who: { name: string; color: string }, board: Interview, token: string): Promise<Page> {
  const page = await newPerson(env.browser);
  const user = JSON.stringify({ ...who, chosen: true });
  await page.addInitScript({ content: `localStorage.setItem('archboard:user', ${JSON.stringify(user)});` });
  await page.goto(`${env.server.url}/b/${board.id}#token=${token}`);
  await expectConnected(page);
  return page;
}

const nodeIds = (page: Page): Promise<string[]> =>
  page.locator('.react-flow__node').evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));

/** What the canvas shows: `id:label` of every node, sorted. */
const shownNodes = (page: Page): Promise<string[]> =>
  page
    .locator('.react-flow__node')
    .evaluateAll((els) =>
      els
        .map(
          (el) => `${el.getAttribute('data-id')}:${el.querySelector('[data-testid="node-label"]')?.textContent ?? ''}`,
        )
        .sort(),
    );

async function api<T>(board: Interview, path: string): Promise<T> {
  const response = await fetch(`${env.server.url}/api/boards/${board.id}${path}`, {
    headers: { authorization: `Bearer ${board.hostToken}` },
  });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

interface VersionInfo {
  id: string;
  kind: string;
  name: string;
  step?: number;
}

const phaseVersions = async (board: Interview): Promise<VersionInfo[]> =>
  (await api<{ versions: VersionInfo[] }>(board, '/history')).versions.filter((v) => v.kind === 'phase');

/** A version's board as the server keeps it: `id:label` of every node, sorted. */
async function versionNodes(board: Interview, id: string): Promise<string[]> {
  const answer = await api<{ board: { nodes: { id: string; label: string }[] } }>(board, `/history/${id}`);
  return answer.board.nodes.map((n) => `${n.id}:${n.label}`).sort();
}

describe('the replay of an interview', () => {
  let board: Interview;
  let host: Page;
  let candidate: Page;
  /** Who added each node: their colour. */
  const madeBy = new Map<string, string>();
  /** The host's queue, which the candidate renames. */
  let queue: string;

  /** Drops a component on `page`; resolves with its id once both pages show it (so the server has it). */
  async function drop(page: Page, kind: string, at: { x: number; y: number }): Promise<string> {
    const before = new Set(await nodeIds(page));
    await dropComponent(page, kind, at);
    let id: string | undefined;
    await expect.poll(async () => (id = (await nodeIds(page)).find((n) => !before.has(n))), WAIT).toBeDefined();
    for (const other of [host, candidate]) await expect.poll(() => nodeIds(other), WAIT).toContain(id);
    madeBy.set(id!, page === host ? HOST.color : CANDIDATE.color);
    return id!;
  }

  async function hostAct(action: 'start' | 'next'): Promise<void> {
    const button = host.getByTestId(`interview-${action}`);
    await expect.poll(() => button.isEnabled(), WAIT).toBe(true);
    await button.click();
  }

  const replayOpen = (page: Page) => page.getByTestId('replay-open');
  /** The first design question's answer as the page's questions panel shows it, and whether it can be typed in. */
  const shownAnswer = async (page: Page) => {
    const field = page.getByTestId('answer-q1');
    return { value: await field.inputValue(), editable: await field.isEditable() };
  };
  const scrubber = (page: Page) => page.getByTestId('replay-scrubber');

  async function openReplay(page: Page): Promise<void> {
    await replayOpen(page).click();
    await page.locator('[data-testid="replay-bar"][data-status="ready"]').waitFor(WAIT);
    expect(await page.getByTestId('canvas').getAttribute('data-preview')).toBe('true');
  }

  /** The authorship marks on the replayed canvas: node id → colour. */
  const authorColors = (page: Page): Promise<Record<string, string>> =>
    page
      .getByTestId('replay-author')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((el) => [el.getAttribute('data-node-id'), el.getAttribute('data-color')])),
      );

  async function expectAuthorsOfShown(page: Page): Promise<void> {
    const ids = (await shownNodes(page)).map((entry) => entry.split(':')[0]!);
    const expected = Object.fromEntries(ids.map((id) => [id, madeBy.get(id)]));
    await expect.poll(() => authorColors(page), WAIT).toEqual(expected);
  }

  it('REPLAY-E1 a session of two people and three phases, run from the host’s bar; the candidate has no Replay button', async () => {
    board = await createInterview(env.server);
    host = await personAs(HOST, board, board.hostToken);
    candidate = await personAs(CANDIDATE, board, board.editToken);
    await host.getByTestId('interview-bar').waitFor();
    expect(await replayOpen(host).count()).toBe(0); // nothing to replay before the start

    // Phase 1: the candidate's API gateway and the host's queue.
    await hostAct('start');
    await expect.poll(() => candidate.getByTestId('interview-bar').getAttribute('data-status'), WAIT).toBe('running');
    await replayOpen(host).waitFor();
    expect(await replayOpen(candidate).count()).toBe(0);
    await drop(candidate, 'aws.lambda', { x: 260, y: 180 });
    queue = await drop(host, 'aws.sqs', { x: 520, y: 180 });

    // Phase 2: the candidate adds a table and renames the host's queue (it stays the host's node).
    await hostAct('next');
    await expect.poll(async () => (await phaseVersions(board)).length, WAIT).toBe(1);
    await drop(candidate, 'aws.dynamodb', { x: 260, y: 380 });
    await nodeByLabel(candidate, 'SQS').getByTestId('node-label').dblclick();
    await candidate.getByTestId('node-label-input').fill('Message queue');
    await candidate.getByTestId('node-label-input').press('Enter');
    await expect.poll(() => nodeByLabel(host, 'Message queue').count(), WAIT).toBe(1);
    await candidate.getByTestId('answer-q1').fill(ANSWER);
    await expect.poll(() => host.getByTestId('answer-q1').inputValue(), WAIT).toBe(ANSWER);
    // The host notes something: a jump point on the timeline.
    await host.getByTestId('host-notes-toggle').click();
    await host.getByTestId('host-note-input').fill('Chose a queue between the API and the workers');
    await host.getByTestId('host-note-input').press('Enter');
    await host.getByTestId('host-note').waitFor();
    await host.getByTestId('host-notes-toggle').click();

    // Phase 3: the host adds a database; the candidate deletes the Lambda.
    await hostAct('next');
    await expect.poll(async () => (await phaseVersions(board)).length, WAIT).toBe(2);
    await drop(host, 'aws.rds', { x: 520, y: 380 });
    await nodeByLabel(candidate, 'Lambda').click();
    await candidate.keyboard.press('Delete');
    await expect.poll(() => nodeByLabel(host, 'Lambda').count(), WAIT).toBe(0);

    await host.getByTestId('interview-end').click();
    await host.getByTestId('interview-end-confirm').click();
    await expect.poll(async () => (await phaseVersions(board)).length, WAIT).toBe(3);
    await expect.poll(() => candidate.getByTestId('interview-bar').getAttribute('data-status'), WAIT).toBe('ended');
    // The clock says how long the session took, not the time left in its last phase.
    for (const page of [host, candidate])
      expect(await page.locator('.interview-bar__clock').innerText()).toMatch(/^00:\d\d\s+in all$/);
    // Ended but not shared: still the host's alone.
    expect(await replayOpen(candidate).count()).toBe(0);
  });

  it('REPLAY-E2 at each phase mark the host’s replay shows exactly the phase version kept there, in its authors’ colours', async () => {
    const live = await shownNodes(host);
    await openReplay(host);
    // Opened at the end: the board as it is now, read-only, without the palette.
    await expect.poll(() => shownNodes(host), WAIT).toEqual(live);
    expect(await host.getByTestId('palette').count()).toBe(0);
    await expectAuthorsOfShown(host);
    const legend = await host
      .getByTestId('replay-legend-person')
      .evaluateAll((els) =>
        els.map((el) => `${el.querySelector('.replay-legend__name')?.textContent}:${el.getAttribute('data-color')}`),
      );
    expect(legend.sort()).toEqual([`${CANDIDATE.name}:${CANDIDATE.color}`, `${HOST.name}:${HOST.color}`].sort());
    // The transport bar covers nothing else at the canvas's bottom: the edge legend (opened:
    // this board has no connections), the zoom controls and the minimap.
    await host.getByTestId('legend-toggle').click();
    const bar = (await host.getByTestId('replay-bar').boundingBox())!;
    for (const selector of [
      '[data-testid=legend-toggle]',
      '[data-testid=edge-legend]',
      '.react-flow__minimap',
      '.react-flow__controls',
    ]) {
      const other = (await host.locator(selector).boundingBox())!;
      expect(screenBoxesOverlap(bar, other), `the replay bar over ${selector}`).toBe(false);
    }
    if (process.env.E2E_SCREENSHOTS) await host.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/replay.png` });

    // The host's notes closed the questions panel in E1: open again, beside the replay.
    await host.getByTestId('toggle-questions').click();
    await host.getByTestId('questions-panel').waitFor();
    const versions = await phaseVersions(board);
    const marks = host.getByTestId('replay-mark');
    // The start, two phase changes and the end.
    expect(await marks.count()).toBe(4);
    expect(await marks.evaluateAll((els) => els.map((el) => el.getAttribute('title')))).toEqual([
      'Requirements',
      'Design',
      'Deep dive',
      'End',
    ]);
    const marked = await marks.evaluateAll((els) =>
      els.map((el) => ({ version: el.getAttribute('data-version-id'), step: el.getAttribute('data-step') })),
    );
    expect(marked[0]!.version).toBeNull();
    expect(marked.slice(1).map((m) => m.version)).toEqual(
      [...versions].sort((a, b) => a.step! - b.step!).map((v) => v.id),
    );

    const seen: string[][] = [];
    for (const [i, mark] of marked.entries()) {
      if (!mark.version) continue;
      await marks.nth(i).click();
      const version = versions.find((v) => v.id === mark.version)!;
      await expect.poll(() => scrubber(host).inputValue(), WAIT).toBe(String(version.step));
      const expected = await versionNodes(board, version.id);
      await expect.poll(() => shownNodes(host), WAIT).toEqual(expected);
      await expectAuthorsOfShown(host);
      // The host's queue, renamed by the candidate in phase 2: a second badge in the candidate's colour.
      const changedBy = await host
        .locator(`[data-testid="replay-author"][data-node-id="${queue}"]`)
        .getAttribute('data-changed-by');
      expect(changedBy).toBe(seen.length === 0 ? null : CANDIDATE.color);
      // The questions panel shows the answers of the board on screen, read-only: none at the
      // first boundary, the candidate's from the second on.
      await expect
        .poll(() => shownAnswer(host), WAIT)
        .toEqual({ value: seen.length === 0 ? '' : ANSWER, editable: false });
      seen.push(expected);
    }
    // Three different boards: the marks really moved the replay.
    expect(seen[0]).toHaveLength(2);
    expect(seen[1]).toHaveLength(3);
    expect(seen[1]).toContain(`${queue}:Message queue`);
    expect(seen[2]).toHaveLength(3);
    expect(seen[2]).not.toEqual(seen[1]);

    // The host's note sits between the second and the third boundary.
    const note = host.getByTestId('replay-note-mark');
    expect(await note.count()).toBe(1);
    const noteStep = Number(await note.getAttribute('data-step'));
    expect(noteStep).toBeGreaterThan(Number(marked[1]!.step));
    expect(noteStep).toBeLessThanOrEqual(Number(marked[2]!.step));
    await note.click();
    await expect.poll(() => scrubber(host).inputValue(), WAIT).toBe(String(noteStep));

    // The empty board at the start of the timeline.
    await scrubber(host).focus();
    await host.keyboard.press('Home');
    await expect.poll(() => shownNodes(host), WAIT).toEqual([]);
    expect(await host.getByTestId('empty-canvas-hint').innerText()).toContain('At this point the board was empty');
    await expect.poll(() => shownAnswer(host), WAIT).toEqual({ value: '', editable: false });

    // The design review beside the replay reviews the board on screen, read-only: nothing on
    // the empty board, the database's unanswered uptime question at the end. So does the
    // header's count of open findings (the live board has one throughout).
    const headerCount = () => host.getByTestId('review-toggle').locator('.review-count').allInnerTexts();
    await expect.poll(headerCount, WAIT).toEqual([]);
    await host.getByTestId('review-toggle').click();
    const findings = host.getByTestId('review-finding');
    await expect.poll(() => findings.count(), WAIT).toBe(0);
    await scrubber(host).focus();
    await host.keyboard.press('End');
    await expect
      .poll(() => findings.evaluateAll((els) => els.map((el) => el.dataset.rule)), WAIT)
      .toEqual(['unanswered-question']);
    expect(await headerCount()).toEqual(['1']);
    expect(await host.getByTestId('review-dismiss').count()).toBe(0);
    await host.getByTestId('review-toggle').click();
  });

  it('REPLAY-E3 playback at 16x runs from the start to the end and stops there', async () => {
    const end = await scrubber(host).getAttribute('max');
    await host.getByTestId('replay-speed').locator('[data-speed="16"]').click();
    expect(await host.getByTestId('replay-speed').locator('[aria-checked="true"]').getAttribute('data-speed')).toBe(
      '16',
    );
    await scrubber(host).focus();
    await host.keyboard.press('End');
    await host.getByTestId('replay-play').click(); // from the end: again from the empty board
    const positions = new Set<number>();
    await expect
      .poll(async () => {
        positions.add(Number(await scrubber(host).inputValue()));
        return (await scrubber(host).inputValue()) === end && (await replayPlaying(host)) === 'false';
      }, WAIT)
      .toBe(true);
    expect(Math.min(...positions)).toBeLessThan(Number(end));
    // The end of the timeline is the board as the session ended (the last boundary's version).
    const last = (await phaseVersions(board)).sort((a, b) => b.step! - a.step!)[0]!;
    expect(await shownNodes(host)).toEqual(await versionNodes(board, last.id));
  });

  it('REPLAY-E4 “Restore this point” makes the live board the replayed one for everyone, and one undo takes it back', async () => {
    const before = await shownNodes(candidate);
    const firstBoundary = host.locator('[data-testid="replay-mark"][data-version-id]').first();
    const versionId = (await firstBoundary.getAttribute('data-version-id'))!;
    await firstBoundary.click();
    const target = await versionNodes(board, versionId);
    await expect.poll(() => shownNodes(host), WAIT).toEqual(target);
    await host.getByTestId('replay-restore').click();
    await host.getByTestId('replay-banner').waitFor({ state: 'detached', ...WAIT });
    expect(await host.getByTestId('canvas').getAttribute('data-preview')).toBeNull();
    for (const page of [host, candidate]) await expect.poll(() => shownNodes(page), WAIT).toEqual(target);

    await host.getByTestId('undo').click();
    for (const page of [host, candidate]) await expect.poll(() => shownNodes(page), WAIT).toEqual(before);
  });

  it('REPLAY-E5 shared after the end, the candidate watches it too, read-only and without Restore', async () => {
    await openReplay(host);
    expect(await host.getByTestId('replay-share').getAttribute('aria-pressed')).toBe('false');
    await host.getByTestId('replay-share').click();
    await expect.poll(() => host.getByTestId('replay-share').getAttribute('aria-pressed'), WAIT).toBe('true');
    await host.getByTestId('replay-close').click();
    await host.getByTestId('replay-banner').waitFor({ state: 'detached' });
    // Back on the live board, its review is the live one, with its actions.
    await host.getByTestId('review-toggle').click();
    await expect.poll(() => host.getByTestId('review-dismiss').count(), WAIT).toBe(1);

    await replayOpen(candidate).waitFor(WAIT);
    await openReplay(candidate);
    expect(await candidate.getByTestId('replay-restore').count()).toBe(0);
    expect(await candidate.getByTestId('replay-share').count()).toBe(0);
    expect(await candidate.getByTestId('replay-mark').count()).toBe(4);
    expect(await candidate.getByTestId('replay-note-mark').count()).toBe(0); // the host's notes stay the host's
    await expectAuthorsOfShown(candidate);
    await candidate.getByTestId('replay-close').click();
    await candidate.getByTestId('replay-banner').waitFor({ state: 'detached' });
    expect(await candidate.getByTestId('canvas').getAttribute('data-preview')).toBeNull();
    // The live board again: its answer, to be typed in.
    expect(await shownAnswer(candidate)).toEqual({ value: ANSWER, editable: true });
    for (const page of [host, candidate]) await page.context().close();
  });
});

const replayPlaying = (page: Page): Promise<string | null> =>
  page.getByTestId('replay-play').getAttribute('data-playing');
