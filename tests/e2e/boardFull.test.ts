import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addNode, MESSAGE, readBoard, setNodeNotes, SYNC } from '@archboard/shared';
import { launchBrowser } from '../helpers/browser';
import { eventually, providerClient, rawClient, synced } from '../helpers/clients';
import { createBoard, startServer, type RunningServer } from '../helpers/server';
import { dropComponent, expectConnected, newPerson, nodeByLabel } from './boardPage';

/*
 * FULL-E2E: what a person sees when the board they edit is full (4411). The page says so,
 * drops the change the server refused (reopening the board from the server, its IndexedDB
 * copy deleted), and stays open: deleting still works.
 */

const CAP = 64 * 1024;
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  const clientDir = process.env.ARCHBOARD_TEST_CLIENT_DIR;
  server = await startServer({
    env: { MAX_BOARD_BYTES: String(CAP), ...(clientDir ? { CLIENT_DIR: clientDir } : {}) },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One update of exactly `bytes` adding a node labelled `filler`, its bulk in notes (which
 * the canvas does not draw). One update, so a compaction has little to save on it.
 */
function fillerOf(bytes: number): Uint8Array {
  let notes = 0;
  for (;;) {
    const doc = new Y.Doc();
    const id = addNode(doc, { kind: 'aws.s3', x: 0, y: 0, label: 'filler' });
    if (id.ok) setNodeNotes(doc, id.value, 'x'.repeat(notes));
    const update = Y.encodeStateAsUpdate(doc);
    if (update.byteLength === bytes) return update;
    notes += bytes - update.byteLength;
  }
}

describe('a full board in the browser', () => {
  it('FULL-E2E-1 the refused change disappears with a banner saying the board is full; the page reconnects and a deletion is stored', async () => {
    const board = await createBoard(server);
    const watcher = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(watcher);
    // The board stores its initial update; fill it to 40 bytes short of the cap, less than any new node.
    const lambda = new Y.Doc();
    addNode(lambda, { kind: 'aws.lambda', x: 0, y: 0 });
    expect(Y.encodeStateAsUpdate(lambda).byteLength).toBeGreaterThan(100);
    const filler = fillerOf(CAP - Y.encodeStateAsUpdate(watcher.doc).byteLength - 40);
    const raw = rawClient(`${server.wsUrl}/${board.id}?token=${board.editToken}`);
    await raw.opened;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, SYNC.update);
    encoding.writeVarUint8Array(e, filler);
    raw.ws.send(encoding.toUint8Array(e));
    await eventually(() => expect(readBoard(watcher.doc).nodes.map((n) => n.label)).toEqual(['filler']));

    const page = await newPerson(browser);
    await page.goto(`${server.url}/b/${board.id}#token=${board.editToken}`);
    await expectConnected(page);
    await expect.poll(() => nodeByLabel(page, 'filler').count()).toBe(1);

    await dropComponent(page, 'aws.lambda', { x: 300, y: 620 });
    await page.getByText('This board is full', { exact: false }).first().waitFor({ timeout: 15_000 });
    await expect.poll(() => nodeByLabel(page, 'Lambda').count(), { timeout: 15_000 }).toBe(0);
    await expectConnected(page);
    expect(await page.getByRole('alert').innerText()).toMatch(/remove what you no longer need/);
    expect(await page.locator('.react-flow__node').count()).toBe(1);
    await sleep(500);
    expect(readBoard(watcher.doc).nodes.map((n) => n.label)).toEqual(['filler']); // nobody else saw it
    expect(server.logs.some((l) => l.code === 4411)).toBe(true);

    // Deleting works on a full board, and is stored.
    await nodeByLabel(page, 'filler').click();
    await page.keyboard.press('Delete');
    await eventually(() => expect(readBoard(watcher.doc).nodes).toEqual([]));
    await expectConnected(page);

    // The refused change is not in the browser's copy either.
    await page.reload();
    await expectConnected(page);
    await sleep(500);
    expect(await page.locator('.react-flow__node').count()).toBe(0);
  });
});
