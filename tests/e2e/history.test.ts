import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { boardFromExport, toExportJson } from '@archboard/shared';
import { exportFixture } from '@archboard/shared/testing';
import { dropComponent, expectConnected, nodeByLabel, serverAndBrowser, shareLinks } from './boardPage';
import {
  createBoardFrom,
  exportNode,
  exportedJson,
  newDownloader,
  nodeCount,
  openBoard,
  openHistory,
  renameNode,
  saveVersion,
  snapshot,
  tempFile,
  versionItem,
} from './exportPage';

const env = serverAndBrowser();

/** A new board from the landing page, as a person makes one; resolves with its page. */
async function newBoard(): Promise<Page> {
  const page = await newDownloader(env.browser);
  await page.goto(`${env.server.url}/`);
  await page.getByTestId('new-board').click();
  await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
  await expectConnected(page);
  return page;
}

/** Waits until every page shows the node labelled `label` exactly `count` times. */
async function expectLabel(pages: Page[], label: string, count: number): Promise<void> {
  for (const page of pages)
    await expect.poll(() => nodeByLabel(page, label).count(), { message: `"${label}" on a page` }).toBe(count);
}

describe('version history on two pages', () => {
  it('B5 restoring a version shows it on both pages, and one undo brings the later edits back', async () => {
    const a = await newBoard();
    const b = await newDownloader(env.browser);
    await b.goto(a.url());
    await expectConnected(b);

    // v1: one Lambda, renamed.
    await dropComponent(a, 'aws.lambda', { x: 200, y: 200 });
    await expectLabel([a], 'Lambda', 1);
    await renameNode(a, 'Lambda', 'Orders v1');
    await expectLabel([a, b], 'Orders v1', 1); // on B, so the server has it too
    await saveVersion(a, 'v1');
    const v1 = await exportedJson(a);

    // Later edits: a rename and a queue.
    await renameNode(a, 'Orders v1', 'Orders v2');
    await dropComponent(a, 'aws.sqs', { x: 200, y: 380 });
    await expectLabel([a, b], 'Orders v2', 1);
    await expectLabel([a, b], 'SQS', 1);
    const later = await exportedJson(a);
    expect(later).not.toBe(v1);

    // A opens v1: read-only on the canvas, palette hidden, the live board untouched.
    await versionItem(a, 'v1').click();
    await a.getByTestId('history-preview-banner').waitFor();
    expect(await a.getByTestId('history-preview-banner').innerText()).toContain('v1');
    expect(await a.getByTestId('canvas').getAttribute('data-preview')).toBe('true');
    await expectLabel([a], 'Orders v1', 1);
    expect(await nodeByLabel(a, 'Orders v2').count()).toBe(0);
    expect(await nodeCount(a)).toBe(1);
    expect(await a.getByTestId('palette').count()).toBe(0);
    expect(await a.locator('[data-testid^="palette-item-"]').count()).toBe(0);
    await snapshot(a, 'history-preview');
    expect(await nodeCount(b)).toBe(2); // B still has the live board
    // Undo would change the live board unseen while a version is on screen: it is off.
    expect(await a.getByTestId('undo').isDisabled()).toBe(true);
    await a.keyboard.press('Control+z');
    await a.waitForTimeout(200);
    expect(await nodeCount(b)).toBe(2);

    // Restore: both pages read as v1, and a 'restore' version keeps what was there.
    await a.getByTestId('history-restore').click();
    await a.getByTestId('history-preview-banner').waitFor({ state: 'detached' });
    await expectLabel([a, b], 'Orders v1', 1);
    await expectLabel([a, b], 'SQS', 0);
    for (const page of [a, b]) await expect.poll(() => nodeCount(page)).toBe(1);
    expect(await exportedJson(a)).toBe(v1);
    expect(await exportedJson(b)).toBe(v1);
    await expect.poll(() => a.locator('[data-testid="history-item"][data-kind="restore"]').count()).toBe(1);
    expect(await a.getByTestId('palette').count()).toBe(1);

    // One undo on A brings the later edits back, on both pages.
    await a.getByTestId('undo').click();
    await expectLabel([a, b], 'Orders v2', 1);
    await expectLabel([a, b], 'SQS', 1);
    expect(await exportedJson(a)).toBe(later);
    expect(await exportedJson(b)).toBe(later);

    for (const page of [a, b]) await page.context().close();
  });

  it('B6 a viewer can open the History panel and preview a version, but not save or restore', async () => {
    const a = await newBoard();
    await dropComponent(a, 'aws.dynamodb', { x: 200, y: 200 });
    await expectLabel([a], 'DynamoDB', 1);
    const links = await shareLinks(a);
    const viewer = await newDownloader(env.browser);
    await viewer.goto(links.view);
    await expectConnected(viewer);
    await expectLabel([viewer], 'DynamoDB', 1);
    await saveVersion(a, 'first');
    await renameNode(a, 'DynamoDB', 'Orders table');
    await expectLabel([viewer], 'Orders table', 1);

    await openHistory(viewer);
    expect(await viewer.getByTestId('history-name').count()).toBe(0);
    expect(await viewer.getByTestId('history-save').count()).toBe(0);
    await expect.poll(() => versionItem(viewer, 'first').count()).toBe(1);
    await versionItem(viewer, 'first').click();
    await viewer.getByTestId('history-preview-banner').waitFor();
    await expectLabel([viewer], 'DynamoDB', 1);
    expect(await viewer.getByTestId('history-restore').count()).toBe(0);
    expect(await viewer.getByTestId('history-back').isVisible()).toBe(true);
    await snapshot(viewer, 'viewer-preview');

    // Back to the live board.
    await viewer.getByTestId('history-back').click();
    await viewer.getByTestId('history-preview-banner').waitFor({ state: 'detached' });
    await expectLabel([viewer], 'Orders table', 1);

    for (const page of [a, viewer]) await page.context().close();
  });

  it('B8 a board imported from a file keeps the file as its first version: after the board is emptied, History brings it back', async () => {
    const file = exportFixture();
    const asImported = toExportJson(boardFromExport(file));
    const page = await newDownloader(env.browser);
    await page.goto(`${env.server.url}/`);
    await page.getByTestId('import-json').setInputFiles(tempFile(JSON.stringify(file)));
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(page);
    await expect.poll(() => nodeCount(page)).toBe(file.nodes.length);

    // History lists the import before anyone edits, kept like a named version.
    await openHistory(page);
    const imported = versionItem(page, `Imported: ${file.title}`);
    await expect.poll(() => imported.count(), { timeout: 10_000 }).toBe(1);
    expect(await imported.getAttribute('data-kind')).toBe('imported');
    expect(await imported.getByText('Imported', { exact: true }).count()).toBe(1);
    await snapshot(page, 'history-imported');

    // Everything deleted, and the version brings the board back as the file made it.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeCount(page)).toBe(0);
    await imported.click();
    await page.getByTestId('history-preview-banner').waitFor();
    await expect.poll(() => nodeCount(page)).toBe(file.nodes.length);
    await page.getByTestId('history-restore').click();
    await page.getByTestId('history-preview-banner').waitFor({ state: 'detached' });
    await expect.poll(() => nodeCount(page)).toBe(file.nodes.length);
    expect(await exportedJson(page)).toBe(asImported);

    // A fresh page reads the restored board from the server.
    const other = await newDownloader(env.browser);
    await other.goto(page.url());
    await expectConnected(other);
    await expect.poll(() => exportedJson(other), { timeout: 10_000 }).toBe(asImported);
    for (const p of [page, other]) await p.context().close();
  });

  it('B7 a version on screen shows no review marks of the live board on its nodes', async () => {
    // users → public API → Cognito: the API has a sign-in, so the review has nothing on it.
    const board = await createBoardFrom(env.server.url, {
      format: 'archboard',
      formatVersion: 1,
      title: 'Sign-in',
      nodes: [
        exportNode('user', 'generic.user', 0, 100, { label: 'Shoppers' }),
        exportNode('api', 'aws.api-gateway', 240, 100, { label: 'Public API' }),
        exportNode('auth', 'aws.cognito', 480, 100, { label: 'Sign-in' }),
      ],
      edges: [
        { id: 'e1', source: 'user', target: 'api', style: 'sync', label: '' },
        { id: 'e2', source: 'api', target: 'auth', style: 'sync', label: '' },
      ],
      answers: {},
    });
    const page = await newDownloader(env.browser);
    await openBoard(page, env.server.url, board);
    const apiBadge = nodeByLabel(page, 'Public API').getByTestId('node-finding-badge');
    await expectLabel([page], 'Sign-in', 1);
    expect(await apiBadge.count()).toBe(0);
    await saveVersion(page, 'with sign-in');

    // Cognito deleted on the live board: the API is public without identity, and marked.
    await nodeByLabel(page, 'Sign-in').click();
    await page.keyboard.press('Delete');
    await expectLabel([page], 'Sign-in', 0);
    await expect.poll(() => apiBadge.count()).toBe(1);

    // The saved version has its Cognito: the live board's mark is not on its API.
    await versionItem(page, 'with sign-in').click();
    await page.getByTestId('history-preview-banner').waitFor();
    await expectLabel([page], 'Sign-in', 1);
    expect(await apiBadge.count()).toBe(0);
    expect(await page.getByTestId('node-finding-badge').count()).toBe(0);

    // Back on the live board, the mark is there again.
    await page.getByTestId('history-back').click();
    await page.getByTestId('history-preview-banner').waitFor({ state: 'detached' });
    await expect.poll(() => apiBadge.count()).toBe(1);
    await page.context().close();
  });
});
