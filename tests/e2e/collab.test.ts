import { describe, expect, it } from 'vitest';
import {
  connectWithMouse,
  dragNode,
  dropComponent,
  expectConnected,
  newPerson,
  nodeByLabel,
  placement,
  serverAndBrowser,
  shareLinks,
  userName,
} from './boardPage';

const env = serverAndBrowser();

describe('a board shared by two editors and a viewer', () => {
  it('shows every edit live, merges renames, and keeps the viewer read-only', async () => {
    // A creates a board and reads both links from the Share menu.
    const a = await newPerson(env.browser);
    await a.goto(`${env.server.url}/`);
    await a.getByTestId('new-board').click();
    await a.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(a);
    const links = await shareLinks(a);
    // A opened the board with the creator's owner link; the edit link it hands out is another, for the same board.
    expect(new URL(links.edit).pathname).toBe(new URL(a.url()).pathname);
    expect(links.edit).not.toBe(a.url());

    // B opens the edit link in a separate env.browser context.
    const b = await newPerson(env.browser);
    await b.goto(links.edit);
    await expectConnected(b);

    // A drags two services onto the canvas and wires them with the mouse.
    await dropComponent(a, 'aws.api-gateway', { x: 160, y: 220 });
    await dropComponent(a, 'aws.lambda', { x: 480, y: 220 });
    const apiOnA = nodeByLabel(a, 'API Gateway');
    const lambdaOnA = nodeByLabel(a, 'Lambda');
    await expect.poll(() => apiOnA.count()).toBe(1);
    await expect.poll(() => lambdaOnA.count()).toBe(1);
    await connectWithMouse(a, apiOnA, lambdaOnA);
    await expect.poll(() => a.locator('.react-flow__edge').count()).toBe(1);

    // B sees both nodes and the edge, pointing from API Gateway to Lambda.
    const apiOnB = nodeByLabel(b, 'API Gateway');
    const lambdaOnB = nodeByLabel(b, 'Lambda');
    await expect.poll(() => apiOnB.count()).toBe(1);
    await expect.poll(() => lambdaOnB.count()).toBe(1);
    await expect.poll(() => b.locator('.react-flow__edge').count()).toBe(1);
    const edgePath = b.locator('.react-flow__edge .react-flow__edge-path');
    expect(await edgePath.getAttribute('data-source')).toBe(await apiOnB.getAttribute('data-id'));
    expect(await edgePath.getAttribute('data-target')).toBe(await lambdaOnB.getAttribute('data-id'));

    // B renames Lambda by double-clicking its label; A sees the new name.
    await lambdaOnB.getByTestId('node-label').dblclick();
    const input = b.getByTestId('node-label-input');
    await input.fill('Orders handler');
    await input.press('Enter');
    await expect.poll(() => nodeByLabel(a, 'Orders handler').count()).toBe(1);
    expect(await nodeByLabel(a, 'Lambda').count()).toBe(0);

    // C opens the view link: it sees the board, has no palette, and cannot move a node.
    const c = await newPerson(env.browser);
    await c.goto(links.view);
    await expectConnected(c);
    expect(await c.getByTestId('view-only-badge').isVisible()).toBe(true);
    const apiOnC = nodeByLabel(c, 'API Gateway');
    await expect.poll(() => apiOnC.count()).toBe(1);
    await expect.poll(() => nodeByLabel(c, 'Orders handler').count()).toBe(1);
    expect(await c.getByTestId('palette').count()).toBe(0);
    expect(await c.locator('[data-testid^="palette-item-"]').count()).toBe(0);

    const beforeOnC = await placement(apiOnC);
    const beforeOnA = await placement(apiOnA);
    await dragNode(c, apiOnC, { x: 220, y: 160 });
    // C's pointer reaching A (awareness, on the same socket after the drag) shows C's
    // messages have been through the server; then a moment for any update to land.
    const cName = await userName(c);
    await c.mouse.move(700, 600, { steps: 3 });
    // At least one: once in a CI run A showed two cursors named as C (a stale presence entry
    // or two people drawing the same random name; not yet understood, noted in the issue).
    const exactly = new RegExp(`^${cName.replace(/[^\w ]/g, '\\$&')}$`);
    await expect.poll(() => a.locator('.remote-cursor__name', { hasText: exactly }).count()).toBeGreaterThanOrEqual(1);
    await a.waitForTimeout(300);
    expect(await placement(apiOnC)).toBe(beforeOnC);
    expect(await placement(apiOnA)).toBe(beforeOnA);

    for (const page of [a, b, c]) await page.context().close();
  });
});
