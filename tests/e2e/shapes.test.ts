import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { boardFromExport, diagramLayout, pathPoints, type ExportDoc } from '@archboard/shared';
import {
  connectWithMouse,
  dropComponent,
  expectConnected,
  labelHiddenPx,
  newPerson,
  nodeByLabel,
  serverAndBrowser,
} from './boardPage';
import { createBoardFrom, openBoard, snapshot, type CreatedBoard, exportNode as node } from './exportPage';

/**
 * Plain shapes and free text labels on the canvas: drawn where the exports draw them
 * (SHAPE-3, as GEO-1 for icon nodes), and made, named and sized with the mouse (SHAPE-4).
 */

const env = serverAndBrowser();

/** Every shape, one inside a container, a text label, an icon node; edges with and without stored handles. */
const BOARD: ExportDoc = {
  format: 'archboard',
  formatVersion: 1,
  title: 'Shapes',
  nodes: [
    node('vpc', 'group.vpc', 640, 0, { w: 420, h: 280, label: 'VPC' }),
    node('title', 'shape.text', 0, -120, { w: 400, h: 40, label: 'Checkout, drawn by hand' }),
    node('box', 'shape.rect', 0, 60, { w: 160, h: 96, label: 'Fraud check' }),
    node('oval', 'shape.ellipse', 300, 40, { w: 200, h: 120, label: 'Customer' }),
    node('drum', 'shape.cylinder', 80, 120, { parent: 'vpc', w: 160, h: 96, label: 'Ledger' }),
    node('fn', 'aws.lambda', 24, 360, { label: 'Fn' }),
    node('wide', 'shape.rect', 600, 400, { w: 320, h: 64, label: 'A wide box with a label long enough to wrap' }),
  ],
  edges: [
    { id: 'a', source: 'box', target: 'oval', sourceHandle: 'right', targetHandle: 'left', style: 'sync', label: '' },
    { id: 'b', source: 'oval', target: 'drum', style: 'async', label: 'auto sides' },
    { id: 'c', source: 'box', target: 'fn', sourceHandle: 'bottom', targetHandle: 'top', style: 'data', label: '' },
    { id: 'd', source: 'fn', target: 'wide', style: 'replication', label: '' },
    { id: 'e', source: 'drum', target: 'wide', sourceHandle: 'bottom', targetHandle: 'top', style: 'sync', label: '' },
    { id: 'f', source: 'wide', target: 'box', style: 'sync', label: '', twoWay: true },
  ],
  answers: {},
};

/** A node's box in diagram coordinates, from its place on screen and the viewport's pan and zoom. */
async function flowBox(page: Page, id: string): Promise<{ x: number; y: number; w: number; h: number }> {
  return page.evaluate((nodeId) => {
    type El = {
      getBoundingClientRect(): { x: number; y: number; width: number; height: number };
      style: { transform: string };
    };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): El | null } }).document;
    const pane = doc.querySelector('.react-flow')!.getBoundingClientRect();
    const viewport = doc.querySelector('.react-flow__viewport')!;
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(viewport.style.transform)!;
    const [tx, ty, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const r = doc.querySelector(`.react-flow__node[data-id="${nodeId}"]`)!.getBoundingClientRect();
    return { x: (r.x - pane.x - tx) / zoom, y: (r.y - pane.y - ty) / zoom, w: r.width / zoom, h: r.height / zoom };
  }, id);
}

/** The board as the server stores it (the JSON export), once it holds what `done` waits for. */
async function stored(board: CreatedBoard, url: string): Promise<ExportDoc> {
  const response = await fetch(`${url}/api/boards/${board.id}/export.json?token=${board.viewToken}`);
  return (await response.json()) as ExportDoc;
}

const shapeOf = (page: Page, kind: string): Locator =>
  page.locator('.react-flow__node').filter({ has: page.locator(`.arch-shape[data-kind="${kind}"]`) });

/** Drags a selected node's bottom-right resize handle by `by` screen pixels. */
async function resizeBy(page: Page, target: Locator, by: { x: number; y: number }): Promise<void> {
  const handle = target.locator('.react-flow__resize-control.handle.bottom.right');
  await handle.waitFor();
  const box = (await handle.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by.x / 2, y + by.y / 2, { steps: 4 });
  await page.mouse.move(x + by.x, y + by.y, { steps: 4 });
  await page.mouse.up();
}

describe('plain shapes and text labels on the canvas', () => {
  it('SHAPE-3 shapes sit in their export boxes, and every edge between them runs on the export path (within 1 px)', async () => {
    const created = await createBoardFrom(env.server.url, BOARD);
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(BOARD.edges.length);
    await snapshot(page, 'shapes-geometry');

    const { layouts, routes } = diagramLayout(boardFromExport(BOARD));
    for (const [id, layout] of layouts) {
      const onCanvas = await flowBox(page, id);
      for (const key of ['x', 'y', 'w', 'h'] as const)
        expect(Math.abs(onCanvas[key] - layout.box[key]), `node ${id} ${key}`).toBeLessThanOrEqual(1);
    }
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
    // Shapes have a handle on each side; a text label has none.
    expect(await page.locator('.react-flow__node[data-id="box"] .arch-handle').count()).toBe(4);
    expect(await page.locator('.react-flow__node[data-id="title"] .arch-handle').count()).toBe(0);
    await page.context().close();
  });

  it('SHAPE-4 each palette item drops onto the canvas, takes a typed label, resizes and connects; a second page sees it all', async () => {
    const created = await createBoardFrom(env.server.url, { ...BOARD, title: 'Drawn', nodes: [], edges: [] });
    const a = await newPerson(env.browser);
    const b = await newPerson(env.browser);
    await openBoard(a, env.server.url, created);
    await openBoard(b, env.server.url, created);

    const items = [
      { kind: 'shape.text', at: { x: 180, y: 90 }, label: 'Payments, by hand', placeholder: 'Text' },
      { kind: 'shape.rect', at: { x: 180, y: 260 }, label: 'Fraud check' },
      { kind: 'shape.ellipse', at: { x: 500, y: 260 }, label: 'Customer' },
      { kind: 'shape.cylinder', at: { x: 180, y: 480 }, label: 'Ledger' },
    ];
    for (const item of items) {
      await dropComponent(a, item.kind, item.at);
      const dropped = shapeOf(a, item.kind);
      await expect.poll(() => dropped.count(), { message: item.kind }).toBe(1);
      // A new text label reads "Text"; a new shape is empty until named.
      expect(await dropped.getByTestId('node-label').textContent()).toBe(item.placeholder ?? '');
      await dropped.getByTestId('node-label').dblclick();
      const input = a.getByTestId('node-label-input');
      await input.fill(item.label);
      await input.press('Enter');
      await expect.poll(() => nodeByLabel(a, item.label).count(), { message: item.label }).toBe(1);
    }

    // Resize each one by dragging its corner: the document takes the new size.
    for (const item of items) {
      const target = shapeOf(a, item.kind);
      await target.click({ position: { x: 6, y: 6 } });
      await resizeBy(a, target, { x: 80, y: 40 });
    }
    const sizeOf = async (kind: string) => {
      const doc = await stored(created, env.server.url);
      const found = doc.nodes.find((n) => n.kind === kind);
      return found ? { w: found.w, h: found.h } : undefined;
    };
    await expect.poll(() => sizeOf('shape.text'), { timeout: 10_000 }).toEqual({ w: 240, h: 80 });
    for (const kind of ['shape.rect', 'shape.ellipse', 'shape.cylinder'])
      await expect.poll(() => sizeOf(kind), { timeout: 10_000, message: kind }).toEqual({ w: 240, h: 136 });

    // Two shapes wired with the mouse; a text label offers no handle to wire.
    await connectWithMouse(a, nodeByLabel(a, 'Fraud check'), nodeByLabel(a, 'Customer'));
    await expect.poll(() => a.locator('.react-flow__edge').count()).toBe(1);
    expect(await nodeByLabel(a, 'Payments, by hand').locator('.arch-handle').count()).toBe(0);
    await snapshot(a, 'shapes-drawn');

    // The second page shows every one, with its label and its new size, and the edge.
    for (const item of items) {
      const onB = nodeByLabel(b, item.label);
      await expect.poll(() => onB.count(), { message: `${item.label} on the second page` }).toBe(1);
      const expected = item.kind === 'shape.text' ? { w: 240, h: 80 } : { w: 240, h: 136 };
      const id = (await onB.getAttribute('data-id'))!;
      await expect
        .poll(async () => {
          const box = await flowBox(b, id);
          return { w: Math.round(box.w), h: Math.round(box.h) };
        })
        .toEqual(expected);
    }
    await expect.poll(() => b.locator('.react-flow__edge').count()).toBe(1);
    const edge = b.locator('.react-flow__edge .react-flow__edge-path');
    expect(await edge.getAttribute('data-source')).toBe(await nodeByLabel(b, 'Fraud check').getAttribute('data-id'));
    expect(await edge.getAttribute('data-target')).toBe(await nodeByLabel(b, 'Customer').getAttribute('data-id'));
    await snapshot(b, 'shapes-second-page');

    // And it survives a reload.
    await b.reload();
    await expectConnected(b);
    for (const item of items) await expect.poll(() => nodeByLabel(b, item.label).count()).toBe(1);
    for (const page of [a, b]) await page.context().close();
  });

  it('SHAPE-5 a long label typed into a text label or a shape shows whole: the node grows taller, its container with it, one undo step', async () => {
    const created = await createBoardFrom(env.server.url, {
      ...BOARD,
      title: 'Long labels',
      nodes: [
        node('vpc', 'group.vpc', 0, 0, { w: 420, h: 200, label: 'VPC' }),
        node('note', 'shape.text', 40, 140, { parent: 'vpc', w: 160, h: 40, label: 'Text' }),
        node('oval', 'shape.ellipse', 520, 40, { w: 160, h: 96, label: 'Customer' }),
      ],
      edges: [],
    });
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const long = 'All traffic is TLS terminated at the load balancer; internal calls use mTLS';
    const labelOf = (id: string) => page.locator(`.react-flow__node[data-id="${id}"] [data-testid="node-label"]`);
    const typeLabel = async (id: string, label: string) => {
      await labelOf(id).dblclick();
      const input = page.getByTestId('node-label-input');
      await input.fill(label);
      await input.press('Enter');
      await expect.poll(() => labelOf(id).textContent()).toBe(label);
    };
    const sizes = async () => {
      const doc = await stored(created, env.server.url);
      const of = (id: string) => doc.nodes.find((n) => n.id === id)?.h;
      return { note: of('note'), vpc: of('vpc'), oval: of('oval') };
    };

    await typeLabel('note', long);
    await typeLabel('oval', long);
    for (const id of ['note', 'oval'])
      await expect
        .poll(() => labelHiddenPx(page.locator(`.react-flow__node[data-id="${id}"]`)), { message: id })
        .toBeLessThan(1);
    await expect
      .poll(async () => {
        const { note, vpc, oval } = await sizes();
        return note! > 40 && oval! > 96 && vpc! >= 140 + note! && vpc! > 200;
      })
      .toBe(true);
    const grown = await sizes();
    await snapshot(page, 'shapes-long-labels');

    // A size someone chose stays: a shorter label shrinks nothing.
    await typeLabel('note', 'Short');
    expect((await sizes()).note).toBe(grown.note);

    // Undo takes back the label and the growth together.
    await page.keyboard.press('Control+z');
    await expect.poll(() => labelOf('note').textContent()).toBe(long);
    await page.keyboard.press('Control+z');
    await expect.poll(() => labelOf('oval').textContent()).toBe('Customer');
    await expect.poll(async () => (await sizes()).oval).toBe(96);
    await page.keyboard.press('Control+z');
    await expect.poll(() => labelOf('note').textContent()).toBe('Text');
    await expect.poll(sizes).toEqual({ note: 40, vpc: 200, oval: 96 });
    await page.context().close();
  });

  it('SHAPE-6 a double-click on the empty canvas makes a text label there, open for typing; left empty it goes; viewers cannot', async () => {
    const created = await createBoardFrom(env.server.url, { ...BOARD, title: 'Double-click', nodes: [], edges: [] });
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const at = { x: pane.x + pane.width * 0.3, y: pane.y + pane.height * 0.3 };
    const texts = shapeOf(page, 'shape.text');

    // Typed at once, as a quick hand does: nothing typed before the new field has the focus is lost.
    await page.mouse.dblclick(at.x, at.y);
    await page.keyboard.type('Rate limits: 100 rps per key');
    const input = page.getByTestId('node-label-input');
    await expect.poll(() => input.inputValue()).toBe('Rate limits: 100 rps per key');
    await page.keyboard.press('Enter');
    await expect.poll(() => texts.count()).toBe(1);
    expect(await texts.getByTestId('node-label').textContent()).toBe('Rate limits: 100 rps per key');
    const box = (await texts.boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - at.x)).toBeLessThan(8);
    expect(Math.abs(box.y + box.height / 2 - at.y)).toBeLessThan(8);
    await expect
      .poll(async () => (await stored(created, env.server.url)).nodes.map((n) => [n.kind, n.label]))
      .toEqual([['shape.text', 'Rate limits: 100 rps per key']]);

    // Opened and left empty (Escape, or a click elsewhere), it is gone.
    await page.mouse.dblclick(pane.x + pane.width * 0.6, pane.y + pane.height * 0.6);
    await input.waitFor();
    await page.keyboard.press('Escape');
    await page.mouse.dblclick(pane.x + pane.width * 0.6, pane.y + pane.height * 0.8);
    await input.waitFor();
    await page.mouse.click(pane.x + 20, pane.y + 20);
    await expect.poll(() => texts.count()).toBe(1);
    await expect.poll(async () => (await stored(created, env.server.url)).nodes.length).toBe(1);

    // A double-click on a node renames it, and makes nothing new.
    await texts.getByTestId('node-label').dblclick();
    await input.waitFor();
    await page.keyboard.press('Escape');
    expect(await texts.count()).toBe(1);

    // Read-only: nothing.
    const viewer = await newPerson(env.browser);
    await viewer.goto(`${env.server.url}/b/${created.id}#token=${created.viewToken}`);
    await viewer.getByTestId('view-only-badge').waitFor();
    await expect.poll(() => shapeOf(viewer, 'shape.text').count()).toBe(1);
    const viewerPane = (await viewer.locator('.react-flow__pane').boundingBox())!;
    await viewer.mouse.dblclick(viewerPane.x + viewerPane.width * 0.2, viewerPane.y + viewerPane.height * 0.7);
    await viewer.waitForTimeout(300);
    expect(await shapeOf(viewer, 'shape.text').count()).toBe(1);
    expect(await viewer.getByTestId('node-label-input').count()).toBe(0);

    // Inside a container's empty body, the text goes into the container.
    const boxed = await createBoardFrom(env.server.url, {
      ...BOARD,
      title: 'In a VPC',
      nodes: [node('vpc', 'group.vpc', 0, 0, { w: 600, h: 400, label: 'VPC' })],
      edges: [],
    });
    await openBoard(page, env.server.url, boxed);
    const vpc = (await page.locator('.react-flow__node[data-id="vpc"]').boundingBox())!;
    await page.mouse.dblclick(vpc.x + vpc.width / 2, vpc.y + vpc.height / 2);
    await input.waitFor();
    await page.keyboard.type('Private by default');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await stored(boxed, env.server.url)).nodes.find((n) => n.kind === 'shape.text')?.parent)
      .toBe('vpc');
    for (const p of [page, viewer]) await p.context().close();
  });

  it('SHAPE-7 on a slow machine (the CPU throttled ×10), keys typed straight after the double-click all land, and an Escape or a click elsewhere at once leaves nothing', async () => {
    const created = await createBoardFrom(env.server.url, { ...BOARD, title: 'Slow hand', nodes: [], edges: [] });
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const texts = shapeOf(page, 'shape.text');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
    // Typed before the new node is drawn at all, let alone focused.
    await page.mouse.dblclick(pane.x + pane.width * 0.3, pane.y + pane.height * 0.3);
    await page.keyboard.type('Cache aside', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.mouse.dblclick(pane.x + pane.width * 0.6, pane.y + pane.height * 0.6);
    await page.keyboard.press('Escape');
    // A click elsewhere at once ends it too (as a blur does): empty, it goes.
    await page.mouse.dblclick(pane.x + pane.width * 0.4, pane.y + pane.height * 0.8);
    await page.mouse.click(pane.x + pane.width * 0.1, pane.y + pane.height * 0.1);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await expect
      .poll(async () => (await stored(created, env.server.url)).nodes.map((n) => [n.kind, n.label]), {
        timeout: 10_000,
      })
      .toEqual([['shape.text', 'Cache aside']]);
    await expect.poll(() => texts.count()).toBe(1);
    expect(await page.getByTestId('node-label-input').count()).toBe(0);
    await page.context().close();
  });
});
