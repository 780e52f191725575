import { describe, expect, it } from 'vitest';
import { boardFromExport, diagramLayout, pathPoints, type ExportDoc } from '@archboard/shared';
import { expectConnected, newPerson, serverAndBrowser } from './boardPage';
import { exportNode as node } from './exportPage';

const env = serverAndBrowser();

/** Icon nodes with one-line labels, a container with a node inside, edges with and without stored handles, some turning back. */
const BOARD: ExportDoc = {
  format: 'archboard',
  formatVersion: 1,
  title: 'Geometry',
  nodes: [
    node('vpc', 'group.vpc', 500, 0, { w: 420, h: 260, label: 'VPC' }),
    node('user', 'generic.user', 0, 80, { label: 'User' }),
    node('api', 'aws.api-gateway', 240, 80, { label: 'API' }),
    node('fn', 'aws.lambda', 60, 100, { parent: 'vpc', label: 'Fn' }),
    node('db', 'aws.dynamodb', 260, 400, { label: 'Table' }),
    node('q', 'aws.sqs', 1100, 60, { label: 'Queue' }),
  ],
  edges: [
    { id: 'a', source: 'user', target: 'api', sourceHandle: 'right', targetHandle: 'left', style: 'sync', label: '' },
    { id: 'b', source: 'api', target: 'fn', style: 'async', label: 'auto sides' },
    { id: 'c', source: 'fn', target: 'db', sourceHandle: 'bottom', targetHandle: 'top', style: 'data', label: '' },
    { id: 'd', source: 'vpc', target: 'q', style: 'replication', label: '' },
    { id: 'e', source: 'db', target: 'user', style: 'sync', label: '' },
    // Sides that face away: around both ends (shared's edgeDetour), the same on the canvas.
    {
      id: 'f',
      source: 'api',
      target: 'user',
      sourceHandle: 'right',
      targetHandle: 'left',
      style: 'sync',
      label: 'back',
    },
    { id: 'g', source: 'db', target: 'api', sourceHandle: 'bottom', targetHandle: 'top', style: 'async', label: '' },
  ],
  answers: {},
};

describe('the canvas and the exports draw edges the same way', () => {
  it('GEO-1 every edge path on the canvas is the path the SVG export draws (within 1 px)', async () => {
    const response = await fetch(`${env.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BOARD),
    });
    const created = (await response.json()) as { id: string; editToken: string };
    const page = await newPerson(env.browser);
    await page.goto(`${env.server.url}/b/${created.id}#token=${created.editToken}`);
    await expectConnected(page);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(BOARD.edges.length);

    const { routes } = diagramLayout(boardFromExport(BOARD));
    for (const route of routes) {
      const path = page.locator(`.react-flow__edge[data-id="${route.edge.id}"] .react-flow__edge-path`);
      await expect.poll(() => path.getAttribute('d')).toBeTruthy();
      const onCanvas = pathPoints((await path.getAttribute('d'))!);
      const exported = route.points;
      expect(onCanvas.length, `edge ${route.edge.id}`).toBe(exported.length);
      onCanvas.forEach((p, i) => {
        expect(Math.abs(p.x - exported[i]!.x), `edge ${route.edge.id} point ${i} x`).toBeLessThanOrEqual(1);
        expect(Math.abs(p.y - exported[i]!.y), `edge ${route.edge.id} point ${i} y`).toBeLessThanOrEqual(1);
      });
    }
    await page.context().close();
  });
});
