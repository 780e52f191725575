import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectConnected, newPerson, serverAndBrowser, shareLinks } from './boardPage';

const env = serverAndBrowser();

/** How far the candidate's own clock is off: the interview clock must not care. */
const SKEW_MS = 30_000;

/**
 * Moves `Date` (Date.now() and new Date()) of every document the page opens by `ms`, before
 * the app's first script runs. performance.now() is left alone: it is not a wall clock.
 */
async function shiftDate(page: Page, ms: number): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      const RealDate = Date;
      const shift = ${ms};
      class ShiftedDate extends RealDate {
        constructor(...args) {
          if (args.length === 0) super(RealDate.now() + shift);
          else super(...args);
        }
        static now() {
          return RealDate.now() + shift;
        }
      }
      globalThis.Date = ShiftedDate;
    })();`,
  });
}

const PROBLEM =
  'Design a URL shortener: 100 million new links a day, 10 billion redirects a day, custom aliases for paying customers, redirects under 50 ms at p99 worldwide.';

/** How long to wait for the clock to move on or a change to reach the other page (expect.poll's default is 1 s). */
const WAIT = { timeout: 10_000 };

const bar = (page: Page) => page.getByTestId('interview-bar');
const status = (page: Page) => bar(page).getAttribute('data-status');
const phaseName = (page: Page) => page.getByTestId('interview-phase').innerText();

/** The time left as the page shows it, in seconds ("07:58" → 478); NaN while it shows none. */
async function secondsLeft(page: Page): Promise<number> {
  const text = await page.getByTestId('interview-time-left').innerText();
  const match = /^(\d+):(\d\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
}

/** The gap between what the two pages show, read one right after the other. */
async function gap(a: Page, b: Page): Promise<number> {
  return Math.abs((await secondsLeft(a)) - (await secondsLeft(b)));
}

/** The board id and the host's token, from the host page's address. */
function hostAccess(host: Page): { id: string; token: string } {
  const url = new URL(host.url());
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  if (!token) throw new Error('the host page has no token');
  return { id: decodeURIComponent(url.pathname.split('/').pop()!), token };
}

async function phaseVersions(host: Page): Promise<string[]> {
  const { id, token } = hostAccess(host);
  const response = await fetch(`${env.server.url}/api/boards/${id}/history`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { versions: { kind: string; name: string }[] };
  return body.versions.filter((v) => v.kind === 'phase').map((v) => v.name);
}

const HOST_CONTROLS = [
  'interview-edit-problem',
  'interview-edit-phases',
  'interview-start',
  'interview-pause',
  'interview-resume',
  'interview-next',
  'interview-end',
];

async function hostControlCount(page: Page): Promise<number> {
  let count = 0;
  for (const id of HOST_CONTROLS) count += await page.getByTestId(id).count();
  return count;
}

describe('the interview clock on the host’s and the candidate’s pages', () => {
  let host: Page;
  let candidate: Page;

  it('starts an interview from the landing page and hands the candidate its link', async () => {
    host = await newPerson(env.browser);
    await host.goto(`${env.server.url}/`);
    await host.getByTestId('new-interview').click();
    await host.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(host);
    await bar(host).waitFor();
    expect(await status(host)).toBe('ready');
    expect(await phaseName(host)).toBe('Requirements');
    expect(await host.getByTestId('interview-time-left').innerText()).toBe('10:00');

    // The Share menu names the links for who they are for.
    await host.getByTestId('share-button').click();
    const menu = host.getByRole('dialog', { name: 'Share this board' });
    for (const title of ['Interviewer (you)', 'Candidate link', 'Observer link'])
      expect(await menu.getByText(title, { exact: true }).count()).toBe(1);
    expect(await host.getByTestId('share-owner-link').getAttribute('data-link')).toBe(host.url());
    await host.keyboard.press('Escape');
    const links = await shareLinks(host);

    candidate = await newPerson(env.browser);
    await shiftDate(candidate, SKEW_MS);
    await candidate.goto(links.edit);
    await expectConnected(candidate);
    // The candidate's wall clock really is off by 30 s.
    const skew = await candidate.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));
    expect(Math.abs(skew - SKEW_MS)).toBeLessThan(1_000);
    await bar(candidate).waitFor();
  });

  it('d: the candidate sees the bar read-only, with no host controls', async () => {
    expect(await status(candidate)).toBe('ready');
    expect(await hostControlCount(candidate)).toBe(0);
    expect(await hostControlCount(host)).toBeGreaterThan(0);
  });

  it('the host edits the phases before the start; the candidate sees them', async () => {
    await host.getByTestId('interview-edit-phases').click();
    await host.getByTestId('interview-phase-name-0').fill('Scope');
    await host.getByTestId('interview-phase-minutes-0').fill('8');
    await host.getByTestId('interview-phases-save').click();
    await expect.poll(() => phaseName(candidate), WAIT).toBe('Scope');
    expect(await candidate.getByTestId('interview-time-left').innerText()).toBe('08:00');
  });

  it('the host sets the problem; the candidate sees it whole under the bar, with no way to change it', async () => {
    expect(await candidate.getByTestId('interview-problem').count()).toBe(0);
    await host.getByTestId('interview-edit-problem').click();
    await host.getByTestId('interview-problem-input').fill(PROBLEM);
    await host.getByTestId('interview-problem-save').click();
    const shown = candidate.getByTestId('interview-problem');
    await expect.poll(() => shown.count(), WAIT).toBe(1);
    expect(await shown.innerText()).toContain(PROBLEM);
    // whole: not cut off at the end of a line
    const text = shown.locator('.interview-problem__text');
    expect(await text.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    expect(await text.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    expect(await candidate.getByTestId('interview-edit-problem').count()).toBe(0);
  });

  it('a: after the start both pages show the same time left within 1 s, though their clocks differ by 30 s', async () => {
    const start = host.getByTestId('interview-start');
    await expect.poll(() => start.isEnabled(), WAIT).toBe(true); // the host's page knows the server's time
    await start.click();
    for (const page of [host, candidate]) await expect.poll(() => status(page), WAIT).toBe('running');
    // Running: both count down from 08:00.
    await expect.poll(() => secondsLeft(candidate), WAIT).toBeLessThan(479);
    await expect.poll(() => secondsLeft(host), WAIT).toBeLessThan(479);
    for (let i = 0; i < 3; i++) {
      expect(await gap(host, candidate)).toBeLessThanOrEqual(1);
      expect(await secondsLeft(candidate)).toBeGreaterThan(440);
      await host.waitForTimeout(400); // spread the readings over more than one tick
    }
    expect(await hostControlCount(candidate)).toBe(0);
  });

  it('b: a pause survives reloading both pages, and resume runs the clock again', async () => {
    await host.getByTestId('interview-pause').click();
    for (const page of [host, candidate]) await expect.poll(() => status(page), WAIT).toBe('paused');
    const paused = await secondsLeft(host);
    await expect.poll(() => secondsLeft(candidate), WAIT).toBe(paused);

    await Promise.all([host.reload(), candidate.reload()]);
    for (const page of [host, candidate]) {
      await expectConnected(page);
      await bar(page).waitFor();
      await expect.poll(() => status(page), WAIT).toBe('paused');
      expect(await secondsLeft(page)).toBe(paused);
      expect(await page.getByTestId('interview-problem').innerText()).toContain(PROBLEM);
    }

    const resume = host.getByTestId('interview-resume');
    await expect.poll(() => resume.isEnabled(), WAIT).toBe(true);
    await resume.click();
    for (const page of [host, candidate]) {
      await expect.poll(() => status(page), WAIT).toBe('running');
      await expect.poll(() => secondsLeft(page), WAIT).toBeLessThan(paused);
    }
    expect(await gap(host, candidate)).toBeLessThanOrEqual(1);
  });

  it('c: Next phase moves both pages to phase 2 and keeps a phase version; End keeps another', async () => {
    await host.getByTestId('interview-next').click();
    for (const page of [host, candidate]) {
      await expect.poll(() => phaseName(page), WAIT).toBe('Estimation');
      expect(await page.getByTestId('interview-step').innerText()).toBe('Phase 2 of 5');
    }
    expect(await secondsLeft(host)).toBeGreaterThanOrEqual(299);
    expect(await gap(host, candidate)).toBeLessThanOrEqual(1);
    await expect.poll(() => phaseVersions(host), WAIT).toEqual(['Scope (end of phase 1)']);

    // End asks first.
    await host.getByTestId('interview-end').click();
    await host.getByTestId('interview-end-confirm').click();
    for (const page of [host, candidate]) await expect.poll(() => status(page), WAIT).toBe('ended');
    // The problem stays as it was asked; nobody changes it after the end.
    expect(await candidate.getByTestId('interview-problem').innerText()).toContain(PROBLEM);
    expect(await host.getByTestId('interview-edit-problem').count()).toBe(0);
    await expect
      .poll(async () => (await phaseVersions(host)).sort(), WAIT)
      .toEqual(['Estimation (end of phase 2)', 'Scope (end of phase 1)']);
    expect(await hostControlCount(candidate)).toBe(0);
  });
});
