import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { startCluster, type Cluster } from '../helpers/cluster';
import { dropComponent, expectConnected, newPerson, nodeByLabel, shareLinks } from './boardPage';

let cluster: Cluster;
let browser: Browser;

beforeAll(async () => {
  cluster = await startCluster(2);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
});

describe('one board through two server instances sharing Redis', () => {
  it('shows each person’s edits to the other, live, across instances', async () => {
    const [one, two] = cluster.servers;
    const a = await newPerson(browser);
    await a.goto(`${one!.url}/`);
    await a.getByTestId('new-board').click();
    await expectConnected(a);
    const { edit } = await shareLinks(a);

    // B follows the same link, but served by the other instance
    const b = await newPerson(browser);
    await b.goto(edit.replace(new URL(edit).origin, two!.url));
    await expectConnected(b);

    await dropComponent(a, 'aws.lambda', { x: 300, y: 250 });
    await nodeByLabel(b, 'Lambda').waitFor({ timeout: 10_000 });
    await dropComponent(b, 'aws.sqs', { x: 600, y: 250 });
    await nodeByLabel(a, 'SQS').waitFor({ timeout: 10_000 });
    expect(await a.locator('.react-flow__node').count()).toBe(2);
    expect(await b.locator('.react-flow__node').count()).toBe(2);
  });
});
