import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ExportDoc } from '@archboard/shared';
import { createBoard } from '../helpers/server';
import {
  connectWithMouse,
  dragNode,
  dropComponent,
  newPerson,
  nodeByLabel,
  placement,
  serverAndBrowser,
  userName,
} from './boardPage';
import { createBoardFrom, openBoard, snapshot, exportNode as node } from './exportPage';

/**
 * The design review on two editors' pages and a viewer's: findings computed from the board
 * each page holds, fixes and dismissals written to the shared doc, and undo that takes back
 * only the presser's own edits (a fix applied by someone else stays).
 */

const env = serverAndBrowser();

/** Opens the Review panel unless it is open already. */
async function openReview(page: Page): Promise<void> {
  if ((await page.getByTestId('review-panel').count()) === 0) await page.getByTestId('review-toggle').click();
  await page.getByTestId('review-panel').waitFor();
}

/** The open finding with this key in the page's Review panel. */
const finding = (page: Page, key: string): Locator => page.locator(`[data-testid="review-finding"][data-key="${key}"]`);

/** The open findings of one rule in the page's Review panel. */
const findingsOf = (page: Page, rule: string): Locator =>
  page.locator(`[data-testid="review-finding"][data-rule="${rule}"]`);

/** The canvas nodes of one kind (the kind is on the node's body, inside React Flow's element). */
const nodesOfKind = (page: Page, kind: string): Locator =>
  page.locator('.react-flow__node[data-id]').filter({ has: page.locator(`[data-kind="${kind}"]`) });

const badge = (node: Locator): Locator => node.getByTestId('node-finding-badge');

/** The edge drawn from one node to another, on this page's canvas. */
const edgeBetween = (page: Page, source: string, target: string): Locator =>
  page.locator(`.react-flow__edge-path[data-source="${source}"][data-target="${target}"]`);

/** Types an answer into the Design questions panel, opening it first if needed. */
async function answer(page: Page, question: string, text: string): Promise<void> {
  if ((await page.getByTestId('toggle-questions').getAttribute('aria-pressed')) !== 'true')
    await page.getByTestId('toggle-questions').click();
  await page.getByTestId(`answer-${question}`).fill(text);
}

/**
 * Gives the keyboard to the canvas (a click on an empty spot at the top, between the
 * properties panel and the legend) and presses Ctrl+Z there.
 */
async function undoOnCanvas(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 420, y: 40 } });
  await page.keyboard.press('Control+z');
}

/** The keys of the open findings the page's Review panel lists, in its order. */
const openKeys = async (page: Page): Promise<(string | null)[]> =>
  Promise.all((await page.getByTestId('review-finding').all()).map((item) => item.getAttribute('data-key')));

const idOf = async (locator: Locator): Promise<string> => {
  const id = await locator.getAttribute('data-id');
  if (!id) throw new Error('node without data-id');
  return id;
};

describe('the design review on a shared board', () => {
  it('REVIEW-1 findings, a fix applied on one page and undone only by its author, a dismissal, a viewer without buttons', async () => {
    const board = await createBoard(env.server, 'Orders');
    const a = await newPerson(env.browser);
    const b = await newPerson(env.browser);
    await openBoard(a, env.server.url, board);
    await openBoard(b, env.server.url, board);

    // A builds users → API Gateway → EC2 → RDS with the palette and the mouse.
    // (below the properties panel, which shows over the canvas's top-left corner while a
    // dropped node is selected, and clear of the legend, the minimap and the controls)
    await dropComponent(a, 'generic.user', { x: 120, y: 300 });
    await dropComponent(a, 'aws.api-gateway', { x: 360, y: 300 });
    await dropComponent(a, 'aws.ec2', { x: 360, y: 540 });
    await dropComponent(a, 'aws.rds', { x: 600, y: 540 });
    const user = nodeByLabel(a, 'User');
    const api = nodeByLabel(a, 'API Gateway');
    const ec2 = nodeByLabel(a, 'EC2');
    const rds = nodeByLabel(a, 'RDS / Aurora');
    for (const dropped of [user, api, ec2, rds]) await expect.poll(() => dropped.count()).toBe(1);
    await connectWithMouse(a, user, api);
    await connectWithMouse(a, api, ec2);
    await connectWithMouse(a, ec2, rds);
    const ids = { user: await idOf(user), api: await idOf(api), ec2: await idOf(ec2), rds: await idOf(rds) };
    for (const [from, to] of [
      [ids.user, ids.api],
      [ids.api, ids.ec2],
      [ids.ec2, ids.rds],
    ] as const)
      await expect.poll(() => edgeBetween(b, from, to).count(), { message: `edge ${from}→${to} on B` }).toBe(1);

    // B opens the Review panel: uptime unanswered, so the single-instance check is off.
    await openReview(b);
    const singleKey = `single-instance-compute:${ids.ec2}`;
    const authKey = `public-api-without-identity:${ids.api}`;
    await expect.poll(() => finding(b, 'unanswered-question:q11').count()).toBe(1);
    expect(await findingsOf(b, 'single-instance-compute').count()).toBe(0);

    // A answers question 11; B sees the single-instance finding on the EC2, and the no-auth one.
    await answer(a, 'q11', '99.9%');
    await expect.poll(() => finding(b, singleKey).count()).toBe(1);
    await expect.poll(() => finding(b, 'unanswered-question:q11').count()).toBe(0);
    expect(await finding(b, authKey).count()).toBe(1);
    expect(await findingsOf(b, 'single-instance-compute').count()).toBe(1);
    expect(await badge(nodeByLabel(b, 'EC2')).count()).toBe(1);
    expect(await badge(nodeByLabel(b, 'API Gateway')).count()).toBe(1);
    expect(await badge(nodeByLabel(b, 'User')).count()).toBe(0);
    // No traffic stated anywhere (no question 5, no edge's rps): no load badge, not a 0 %.
    expect(await b.getByTestId('node-load-badge').count()).toBe(0);

    // A's last edit of its own before the fix: the user node moved aside.
    const userPlaced = await placement(user);
    await dragNode(a, user, { x: 0, y: 90 });
    await expect.poll(() => placement(user)).not.toBe(userPlaced);
    const userMoved = await placement(user);
    const userOnB = nodeByLabel(b, 'User');
    await expect.poll(() => placement(userOnB)).toBe(userMoved);

    // B applies the load-balancer fix: A gets an ALB in front of the EC2, and the finding goes.
    await openReview(a);
    await expect.poll(() => finding(a, singleKey).count()).toBe(1);
    await finding(b, singleKey).getByTestId('review-apply-fix').click();
    const albOnA = nodesOfKind(a, 'aws.elb');
    await expect.poll(() => albOnA.count()).toBe(1);
    const alb = await idOf(albOnA);
    await expect.poll(() => edgeBetween(a, alb, ids.ec2).count()).toBe(1);
    await expect.poll(() => edgeBetween(a, ids.api, alb).count()).toBe(1);
    expect(await edgeBetween(a, ids.api, ids.ec2).count()).toBe(0);
    for (const page of [a, b]) {
      await expect.poll(() => finding(page, singleKey).count()).toBe(0);
      await expect.poll(() => badge(nodeByLabel(page, 'EC2')).count()).toBe(0);
    }
    expect(await finding(a, authKey).count()).toBe(1);
    await snapshot(a, 'review-fixed');

    // A presses undo: A's own move goes back, B's fix stays (undo is per person).
    await undoOnCanvas(a);
    await expect.poll(() => placement(user)).toBe(userPlaced);
    await expect.poll(() => placement(userOnB)).toBe(userPlaced); // A's undo has reached B
    // Nothing to wait for when nothing should change: give the review (recomputed 120 ms
    // after the board changes) time to show a wrong answer before reading it.
    await a.waitForTimeout(500);
    for (const page of [a, b]) {
      expect(await nodesOfKind(page, 'aws.elb').count()).toBe(1);
      expect(await finding(page, singleKey).count()).toBe(0);
      expect(await badge(nodeByLabel(page, 'EC2')).count()).toBe(0);
    }
    expect(await edgeBetween(b, alb, ids.ec2).count()).toBe(1);

    // B presses undo: the ALB goes, the gateway calls the EC2 again, the finding is back on both pages.
    await undoOnCanvas(b);
    for (const page of [a, b]) {
      await expect.poll(() => nodesOfKind(page, 'aws.elb').count()).toBe(0);
      await expect.poll(() => edgeBetween(page, ids.api, ids.ec2).count()).toBe(1);
      await expect.poll(() => finding(page, singleKey).count()).toBe(1);
      await expect.poll(() => badge(nodeByLabel(page, 'EC2')).count()).toBe(1);
    }

    // A dismisses the no-auth finding with a reason; on B it leaves the open list for the dismissed one.
    const reason = 'Internal tool, behind the corporate VPN';
    await finding(a, authKey).getByTestId('review-dismiss').click();
    await a.getByTestId('review-dismiss-reason').fill(reason);
    await a.getByTestId('review-dismiss-confirm').click();
    await expect.poll(() => finding(a, authKey).count()).toBe(0);
    const dismissedOnB = b
      .getByTestId('review-dismissed')
      .locator(`[data-testid="review-dismissed-finding"][data-key="${authKey}"]`);
    await expect.poll(() => finding(b, authKey).count()).toBe(0);
    await expect.poll(() => dismissedOnB.count()).toBe(1);
    await b.getByTestId('review-dismissed').locator('summary').click(); // the list starts folded
    await expect.poll(() => dismissedOnB.isVisible()).toBe(true);
    expect(await dismissedOnB.textContent()).toContain(reason);
    expect(await dismissedOnB.textContent()).toContain(await userName(a));
    expect(await dismissedOnB.getByTestId('review-reopen').count()).toBe(1);
    await expect.poll(() => badge(nodeByLabel(b, 'API Gateway')).count()).toBe(0);
    expect(await finding(b, singleKey).count()).toBe(1);
    await snapshot(b, 'review-dismissed');

    // A viewer sees the same findings and the dismissal, with no button that would change the board.
    const viewer = await newPerson(env.browser);
    await openBoard(viewer, env.server.url, board, 'view');
    await viewer.getByTestId('view-only-badge').waitFor();
    await openReview(viewer);
    await expect.poll(() => finding(viewer, singleKey).count()).toBe(1);
    await expect
      .poll(() => viewer.locator(`[data-testid="review-dismissed-finding"][data-key="${authKey}"]`).count())
      .toBe(1);
    expect(await finding(viewer, authKey).count()).toBe(0);
    expect(await openKeys(viewer)).toEqual(await openKeys(b));
    for (const button of ['review-apply-fix', 'review-dismiss', 'review-reopen'])
      expect(await viewer.getByTestId(button).count(), button).toBe(0);
    // (on an editor's page the same finding offers both)
    expect(await finding(b, singleKey).getByTestId('review-apply-fix').count()).toBe(1);
    expect(await finding(b, singleKey).getByTestId('review-dismiss').count()).toBe(1);
    await snapshot(viewer, 'review-viewer');

    for (const page of [a, b, viewer]) await page.context().close();
  });

  it('REVIEW-2 two instances set in the properties panel clear the single-instance finding on the other page within 2 s', async () => {
    const doc: ExportDoc = {
      format: 'archboard',
      formatVersion: 1,
      title: 'Instances',
      nodes: [
        node('user', 'generic.user', 0, 100, { label: 'Shoppers' }),
        node('api', 'aws.api-gateway', 240, 100, { label: 'Public API' }),
        node('vm', 'aws.ec2', 480, 100, { label: 'Orders VM' }),
        node('db', 'aws.rds', 720, 100, { label: 'Orders DB' }),
      ],
      edges: [
        { id: 'e1', source: 'user', target: 'api', style: 'sync', label: '' },
        { id: 'e2', source: 'api', target: 'vm', style: 'sync', label: '' },
        { id: 'e3', source: 'vm', target: 'db', style: 'sync', label: '' },
      ],
      answers: { q11: '99.9%' },
    };
    const board = await createBoardFrom(env.server.url, doc);
    const a = await newPerson(env.browser);
    const b = await newPerson(env.browser);
    await openBoard(a, env.server.url, board);
    await openBoard(b, env.server.url, board);
    await openReview(b);
    await expect.poll(() => finding(b, 'single-instance-compute:vm').count()).toBe(1);

    await nodeByLabel(a, 'Orders VM').click();
    const panel = a.getByTestId('properties-panel');
    await panel.waitFor();
    const instances = panel.getByTestId('prop-instances');
    // unset: empty, with the catalogue's default (one instance) as the placeholder
    expect(await instances.inputValue()).toBe('');
    expect(await instances.getAttribute('placeholder')).toBe('1');
    await instances.fill('2');
    await instances.press('Enter');
    await expect
      .poll(() => finding(b, 'single-instance-compute:vm').count(), { timeout: 2_000, interval: 100 })
      .toBe(0);
    await expect.poll(() => badge(nodeByLabel(b, 'Orders VM')).count()).toBe(0);
    // the rest of the review is untouched: the database is still one instance in one zone
    expect(await finding(b, 'single-az-database:db').count()).toBe(1);
    for (const page of [a, b]) await page.context().close();
  });

  it('REVIEW-3 the load estimate: badges in % of capacity, the growth control, traffic on edge labels; a finding click selects its node', async () => {
    const doc: ExportDoc = {
      format: 'archboard',
      formatVersion: 1,
      title: 'Load',
      nodes: [
        node('user', 'generic.user', 0, 100, { label: 'Shoppers' }),
        node('lb', 'aws.elb', 240, 100, { label: 'ALB' }),
        node('vm', 'aws.ec2', 480, 100, { label: 'Orders VM', props: { instances: 2 } }),
        node('db', 'aws.rds', 720, 100, { label: 'Orders DB' }),
      ],
      edges: [
        { id: 'e1', source: 'user', target: 'lb', style: 'sync', label: '' },
        { id: 'e2', source: 'lb', target: 'vm', style: 'sync', label: 'HTTPS' },
        { id: 'e3', source: 'vm', target: 'db', style: 'data', label: '', props: { rps: 300, payloadKB: 4 } },
      ],
      // 1,500 rps over two EC2 instances of 1,000: 75 %
      answers: { q5: 'About 1,500 requests per second at peak', q11: '99.9%' },
    };
    const board = await createBoardFrom(env.server.url, doc);
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, board);
    // the figures set on an edge show on its label
    await expect.poll(() => page.getByTestId('edge-figures').allTextContents()).toEqual(['300 rps · 4 KB']);
    // load badges only while the review is open
    const load = (label: string) => nodeByLabel(page, label).getByTestId('node-load-badge');
    expect(await load('Orders VM').count()).toBe(0);
    await openReview(page);
    await expect.poll(() => load('Orders VM').textContent()).toBe('75%');
    expect(await page.getByTestId('review-bottleneck').count()).toBe(0);
    await expect.poll(() => page.getByTestId('review-first-to-saturate').textContent()).toContain('Orders VM');

    await page.getByTestId('review-growth-10').click();
    await expect.poll(() => load('Orders VM').textContent()).toBe('750%');
    await expect
      .poll(() =>
        page.getByTestId('review-bottleneck').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))),
      )
      .toEqual(['vm']);
    await page.getByTestId('review-growth-1').click();
    await expect.poll(() => load('Orders VM').textContent()).toBe('75%');

    // An edge's unset traffic shows what the estimate sends down it; a figure set replaces it.
    await page.locator('.react-flow__edge[data-id="e2"]').click({ force: true });
    const rps = page.getByTestId('properties-panel').getByTestId('prop-rps');
    expect(await rps.inputValue()).toBe('');
    await expect.poll(() => rps.getAttribute('placeholder')).toBe('1,500');
    await page.getByTestId('review-growth-10').click();
    await expect.poll(() => rps.getAttribute('placeholder')).toBe('15,000');
    await page.getByTestId('review-growth-1').click();
    await page.locator('.react-flow__edge[data-id="e3"]').click({ force: true });
    await expect.poll(() => rps.inputValue()).toBe('300');

    // a finding's message selects its node on the canvas
    await finding(page, 'single-az-database:db').locator('.review-finding__message').click();
    await expect.poll(() => nodeByLabel(page, 'Orders DB').getAttribute('class')).toContain('selected');
    await page.getByTestId('review-toggle').click();
    await expect.poll(() => load('Orders VM').count()).toBe(0);
    await page.context().close();
  });

  it('REVIEW-5 on a board without users or an answer, traffic set on an inner edge is where the estimate starts, and the panel says so', async () => {
    const doc: ExportDoc = {
      format: 'archboard',
      formatVersion: 1,
      title: 'Inner traffic',
      nodes: [
        node('cdn', 'aws.cloudfront', 0, 100, { label: 'CDN' }),
        node('lb', 'aws.elb', 240, 100, { label: 'ALB' }),
        node('vm', 'aws.ec2', 480, 100, { label: 'Orders VM', props: { instances: 2 } }),
      ],
      edges: [
        { id: 'e1', source: 'cdn', target: 'lb', style: 'sync', label: '' },
        { id: 'e2', source: 'lb', target: 'vm', style: 'sync', label: '', props: { rps: 1500 } },
      ],
      answers: {},
    };
    const board = await createBoardFrom(env.server.url, doc);
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, board);
    await openReview(page);
    const entry = page.locator('.review-load__entry');
    await expect.poll(() => nodeByLabel(page, 'Orders VM').getByTestId('node-load-badge').textContent()).toBe('75%');
    await expect
      .poll(() => entry.textContent())
      .toContain('1.5k requests/s at the entry, from the rps set on the first edges');
    // Without the figure there is no traffic to start from.
    await page.locator('.react-flow__edge[data-id="e2"]').click({ force: true });
    await page.getByTestId('properties-panel').getByTestId('prop-rps').fill('');
    await page.getByTestId('properties-panel').getByTestId('prop-rps').press('Enter');
    await expect.poll(() => entry.textContent()).toContain('no traffic stated');
    await page.context().close();
  });
});
