import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseImport, type ExportDoc } from '@archboard/shared';
import {
  computedStyle,
  connectWithMouse,
  dropComponent,
  edgePoint,
  expectConnected,
  labelHiddenPx,
  newPerson,
  nodeByLabel,
  placement,
  screenBoxesOverlap,
  serverAndBrowser,
} from './boardPage';
import { createBoardFrom, openBoard, type CreatedBoard, exportNode as node } from './exportPage';

/*
 * The editing moves people expect, and the bugs found in use, each the way a person meets
 * it: two pages where another person must see it, the stored board (export.json) as the
 * judge of what was written.
 */

const env = serverAndBrowser();

const board = (title: string, nodes: ExportDoc['nodes'], edges: ExportDoc['edges'] = []): ExportDoc => ({
  format: 'archboard',
  formatVersion: 1,
  title,
  nodes,
  edges,
  answers: {},
});

/** A board of Gateway (a) and Handler (b) side by side, and more nodes after them, open on a new page. */
async function gatewayAndHandler(title: string, more: ExportDoc['nodes'] = []) {
  const created = await createBoardFrom(
    env.server.url,
    board(title, [
      node('a', 'aws.api-gateway', 0, 100, { label: 'Gateway' }),
      node('b', 'aws.lambda', 300, 100, { label: 'Handler' }),
      ...more,
    ]),
  );
  const page = await newPerson(env.browser);
  await openBoard(page, env.server.url, created);
  const gateway = nodeByLabel(page, 'Gateway');
  const handler = nodeByLabel(page, 'Handler');
  await Promise.all([gateway.waitFor(), handler.waitFor()]);
  return { created, page, gateway, handler };
}

/** The board as the server stores it now. */
async function stored(created: CreatedBoard): Promise<ExportDoc> {
  const response = await fetch(`${env.server.url}/api/boards/${created.id}/export.json?token=${created.viewToken}`);
  const parsed = parseImport(await response.text());
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** A point on the empty canvas, in page coordinates. */
async function canvasPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('no canvas');
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** The canvas's zoom: the scale of React Flow's viewport transform (`translate(x, y) scale(z)`). */
const zoomOf = async (page: Page): Promise<number> => {
  const viewport = page.locator('.react-flow__viewport');
  const transform = await viewport.evaluate(
    (el) => (el as unknown as { style: { transform: string } }).style.transform,
  );
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? NaN);
};

describe('editing like a design tool', () => {
  it('ED-1 copy on one board, paste on another (system clipboard, at the pointer): fresh ids, inner edge kept', async () => {
    const from = await createBoardFrom(
      env.server.url,
      board(
        'Source',
        [
          node('api', 'aws.api-gateway', 0, 0, { label: 'Edge API' }),
          node('fn', 'aws.lambda', 240, 0, { label: 'Worker' }),
        ],
        [{ id: 'e1', source: 'api', target: 'fn', style: 'async', label: 'calls' }],
      ),
    );
    const to = await createBoardFrom(
      env.server.url,
      board('Target', [node('db', 'aws.dynamodb', 0, 0, { label: 'Table' })]),
    );
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const a = await context.newPage();
    await openBoard(a, env.server.url, from);
    await expect.poll(() => nodeByLabel(a, 'Worker').count()).toBe(1);
    await a.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await a.keyboard.press('Control+a');
    await expect.poll(() => a.locator('.react-flow__node.selected').count()).toBe(2);
    await a.keyboard.press('Control+c');

    // A second tab of the same browser, another board: paste where the pointer is.
    const b = await context.newPage();
    await openBoard(b, env.server.url, to);
    await expect.poll(() => nodeByLabel(b, 'Table').count()).toBe(1);
    const at = await canvasPoint(b, 0.7, 0.7);
    await b.mouse.move(at.x, at.y);
    await b.keyboard.press('Control+v');
    await expect.poll(() => nodeByLabel(b, 'Worker').count()).toBe(1);
    await expect.poll(async () => (await stored(to)).nodes.length).toBe(3);
    const target = await stored(to);
    const copied = target.nodes.filter((n) => n.label !== 'Table');
    expect(copied.map((n) => n.label).sort()).toEqual(['Edge API', 'Worker']);
    expect(copied.every((n) => n.id !== 'api' && n.id !== 'fn')).toBe(true);
    expect(target.edges).toHaveLength(1);
    expect(target.edges[0]!.label).toBe('calls');
    expect(new Set([target.edges[0]!.source, target.edges[0]!.target])).toEqual(new Set(copied.map((n) => n.id)));
    // pasted at the pointer: the group's top-left is right of the table, not on top of it
    expect(Math.min(...copied.map((n) => n.x))).toBeGreaterThan(200);
    await context.close();
  });

  it('ED-2 auto-layout from the context menu shows on the other page, and one undo takes it back there too', async () => {
    const nodes = Array.from({ length: 6 }, (_, i) =>
      node(`n${i}`, 'aws.lambda', 40 * i, 30 * (i % 2), { label: `Step ${i}` }),
    );
    const edges = Array.from({ length: 5 }, (_, i) => ({
      id: `e${i}`,
      source: `n${i}`,
      target: `n${i + 1}`,
      style: 'sync' as const,
      label: '',
    }));
    const created = await createBoardFrom(env.server.url, board('Layout', nodes, edges));
    const a = await newPerson(env.browser);
    const b = await newPerson(env.browser);
    await openBoard(a, env.server.url, created);
    await openBoard(b, env.server.url, created);
    await expect.poll(() => nodeByLabel(b, 'Step 5').count()).toBe(1);
    const before = await Promise.all(nodes.map((n) => placement(nodeByLabel(b, n.label))));

    const at = await canvasPoint(a, 0.5, 0.92); // clear of the nodes, the legend, the minimap and the controls
    await a.mouse.click(at.x, at.y, { button: 'right' });
    await a.getByTestId('ctx-layout-lr').click();
    await expect
      .poll(async () => (await stored(created)).nodes.map((n) => n.x).join(','))
      .not.toBe(nodes.map((n) => n.x).join(','));
    const laid = await stored(created);
    // left to right along the chain, and no two boxes overlap
    const xs = [...laid.nodes].sort((p, q) => Number(p.id.slice(1)) - Number(q.id.slice(1))).map((n) => n.x);
    expect(xs).toEqual([...xs].sort((p, q) => p - q));
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(112);
    await expect
      .poll(async () => (await Promise.all(nodes.map((n) => placement(nodeByLabel(b, n.label))))).join('|'))
      .not.toBe(before.join('|'));

    await a.keyboard.press('Control+z');
    await expect
      .poll(async () => (await Promise.all(nodes.map((n) => placement(nodeByLabel(b, n.label))))).join('|'))
      .toBe(before.join('|'));
    expect((await stored(created)).nodes.map((n) => [n.x, n.y])).toEqual(nodes.map((n) => [n.x, n.y]));
    for (const page of [a, b]) await page.context().close();
  });

  it('ED-3 (bug 1) double-clicking an edge to label it leaves its style alone', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board(
        'Labels',
        [node('a', 'aws.api-gateway', 0, 0, { label: 'A' }), node('b', 'aws.lambda', 400, 0, { label: 'B' })],
        [{ id: 'e', source: 'a', target: 'b', sourceHandle: 'right', targetHandle: 'left', style: 'sync', label: '' }],
      ),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const edge = page.locator('.react-flow__edge[data-id="e"]');
    await edge.waitFor({ state: 'attached' });
    const middle = await edgePoint(edge, 0.5);
    await page.mouse.dblclick(middle.x, middle.y);
    const input = page.getByTestId('edge-label-input');
    await input.waitFor();
    await input.fill('HTTPS');
    await input.press('Enter');
    await expect.poll(async () => (await stored(created)).edges[0]!.label).toBe('HTTPS');
    expect((await stored(created)).edges[0]!.style).toBe('sync');
    await page.context().close();
  });

  it('ED-4 (bug 4) a slow drag with pauses is one undo step; (bug 5) the same handles joined twice make one edge', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Drags', [
        node('a', 'aws.api-gateway', 0, 100, { label: 'Gateway' }),
        node('b', 'aws.lambda', 400, 100, { label: 'Handler' }),
      ]),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const gateway = nodeByLabel(page, 'Gateway');
    await gateway.waitFor();
    const start = await placement(gateway);
    const box = (await gateway.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 30);
    await page.mouse.down();
    for (const dy of [40, 80, 120]) {
      await page.mouse.move(box.x + box.width / 2 + dy, box.y + 30 + dy, { steps: 4 });
      await page.waitForTimeout(700); // longer than the 400 ms that separates undo steps
    }
    await page.mouse.up();
    await expect.poll(() => placement(gateway)).not.toBe(start);
    await page.keyboard.press('Control+z');
    await expect.poll(() => placement(gateway)).toBe(start);

    await connectWithMouse(page, gateway, nodeByLabel(page, 'Handler'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await connectWithMouse(page, gateway, nodeByLabel(page, 'Handler'));
    await page.waitForTimeout(300);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    expect((await stored(created)).edges).toHaveLength(1);
    await page.context().close();
  });

  it('ED-5 (bugs 6, 7, 10) click-to-add steps aside, clear of the nodes there; fit view stays at or under 100 %; Ctrl+A selects every node', async () => {
    const page = await newPerson(env.browser);
    await page.goto(`${env.server.url}/`);
    await page.getByTestId('new-board').click();
    await page.waitForURL(/\/b\//);
    await expectConnected(page);
    for (let i = 0; i < 3; i++) await page.getByTestId('palette-item-aws.sqs').click();
    const queues = page.locator('.react-flow__node[data-id]').filter({ has: page.locator('[data-kind="aws.sqs"]') });
    await expect.poll(() => queues.count()).toBe(3);
    const spots = new Set(await Promise.all([0, 1, 2].map((i) => placement(queues.nth(i)))));
    expect(spots.size).toBe(3);
    // None covers another, not even in part: each label is whole.
    const boxes = await Promise.all([0, 1, 2].map(async (i) => (await queues.nth(i).boundingBox())!));
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(screenBoxesOverlap(a, b)).toBe(false);

    await page.getByRole('button', { name: /fit view/i }).click();
    await page.waitForTimeout(300);
    expect(await zoomOf(page)).toBeLessThanOrEqual(1.0001);

    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(3);
    await page.context().close();
  });

  it('ED-6 (bug 11) a long service name stops at two lines; a small container shows its whole name', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Names', [
        node('small', 'group.asg', 0, 0, { w: 130, h: 90, label: 'Checkout workers ASG' }),
        node('long', 'aws.lambda', 300, 0, {
          label: 'A very long Lambda function name that would otherwise wrap into a very tall node indeed',
        }),
        node('short', 'aws.lambda', 500, 0, { label: 'Orders' }),
      ]),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const long = page.locator('.react-flow__node[data-id="long"]');
    await long.waitFor();
    expect((await long.boundingBox())!.height).toBeLessThan(100);
    // Only a label that wraps is clamped: the clamp's clip would cost every short one a paint property.
    const overflow = (id: string) =>
      computedStyle(page.locator(`.react-flow__node[data-id="${id}"] .arch-service__label`), 'overflow');
    expect(await overflow('long')).toBe('hidden');
    expect(await overflow('short')).toBe('visible');
    const label = page.locator('.react-flow__node[data-id="small"] .arch-group__label');
    const fits = await label.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits).toBe(true);
    await page.context().close();
  });

  it('ED-7 (bug 3) shrinking a container past a child lets the child go, where it stands', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Shrink', [
        node('vpc', 'group.vpc', 0, 0, { w: 600, h: 420, label: 'VPC' }),
        node('keep', 'aws.lambda', 40, 60, { parent: 'vpc', label: 'Inside' }),
        node('out', 'aws.s3', 440, 280, { parent: 'vpc', label: 'Far corner' }),
      ]),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const vpc = page.locator('.react-flow__node[data-id="vpc"]');
    await vpc.waitFor();
    await vpc.locator('.arch-group__header').click();
    const handle = vpc.locator('.react-flow__resize-control.handle.bottom.right');
    await handle.waitFor();
    const grip = (await handle.boundingBox())!;
    const zoom = await zoomOf(page);
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x - 250 * zoom, grip.y - 200 * zoom, { steps: 8 });
    await page.mouse.up();
    await expect
      .poll(async () => (await stored(created)).nodes.find((n) => n.id === 'out')?.parent ?? 'none')
      .toBe('none');
    const after = await stored(created);
    expect(after.nodes.find((n) => n.id === 'keep')?.parent).toBe('vpc');
    const out = after.nodes.find((n) => n.id === 'out')!;
    expect([out.x, out.y]).toEqual([440, 280]); // the VPC sits at 0,0: the same place on the canvas
    await page.context().close();
  });

  it('ED-8 a node dragged across others leaves their handles at rest; a connection ended on a node is followed by one from it', async () => {
    const { created, page, gateway, handler } = await gatewayAndHandler('Handles', [
      node('c', 'aws.dynamodb', 600, 100, { label: 'Table' }),
    ]);
    // Records every handle element put into a node other than the dragged one. Resting
    // handles are plain elements; a hovered node's are React Flow's, mounted in their place.
    await page.evaluate(`(() => {
      window.mountedHandles = [];
      new MutationObserver((records) => {
        for (const record of records)
          for (const added of record.addedNodes)
            if (added.classList?.contains('react-flow__handle')) {
              const owner = added.closest('.react-flow__node')?.getAttribute('data-id');
              if (owner !== 'a') window.mountedHandles.push(owner);
            }
      }).observe(document.querySelector('.react-flow__nodes'), { childList: true, subtree: true });
    })()`);
    // Gateway is dragged right across Handler (and back), the pointer passing over it.
    const from = (await gateway.boundingBox())!;
    const over = (await handler.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 30);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width / 2, over.y + 30, { steps: 12 });
    await page.mouse.move(from.x + from.width / 2, from.y + 30, { steps: 12 });
    await page.mouse.up();
    expect(await page.evaluate('window.mountedHandles')).toEqual([]);

    // A connection ends on Handler (its button comes up there); the next one starts from it.
    await connectWithMouse(page, gateway, handler);
    await connectWithMouse(page, handler, nodeByLabel(page, 'Table'));
    await expect
      .poll(async () => (await stored(created)).edges.map((e) => `${e.source}>${e.target}`).sort())
      .toEqual(['a>b', 'b>c']);
    await page.context().close();
  });

  it('ED-9 while a node is dragged one element over the canvas takes the pointer; the drop, hover and the next click come back', async () => {
    const { created, page, gateway, handler } = await gatewayAndHandler('Shield');
    const shield = page.getByTestId('drag-shield');
    // The page's DOM, from strings and a cast: these tests compile without the DOM's types.
    const hitAt = (x: number, y: number) =>
      page.evaluate(`document.elementFromPoint(${x}, ${y})?.className ?? ''`) as Promise<string>;
    expect(await shield.count()).toBe(0);

    // Gateway is dragged onto Handler's left half; under the pointer is the shield, not Handler.
    const from = (await gateway.boundingBox())!;
    const over = (await handler.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 30);
    await page.mouse.down();
    await page.mouse.move(over.x + 10, over.y + 30, { steps: 10 });
    await expect.poll(() => shield.count()).toBe(1);
    expect(await hitAt(over.x + over.width - 10, over.y + 30)).toBe('canvas-drag-shield');
    expect(await computedStyle(shield, 'cursor')).toBe('grabbing');
    await page.mouse.move(from.x + from.width / 2 + 100, from.y + 130, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => shield.count()).toBe(0);
    // The drop is stored (the node moved about 100 screen px right and down).
    await expect.poll(async () => (await stored(created)).nodes.find((n) => n.id === 'a')!.y).toBeGreaterThan(150);

    // Hover works again: Handler shows its handles, and a click selects it.
    const box = (await handler.boundingBox())!;
    expect(await hitAt(box.x + box.width / 2, box.y + 30)).not.toBe('canvas-drag-shield');
    await page.mouse.move(box.x + box.width / 2, box.y + 30);
    await page.mouse.move(box.x + box.width / 2 + 2, box.y + 31);
    await expect.poll(() => computedStyle(handler.getByTestId('handle-right'), 'visibility')).toBe('visible');
    await page.mouse.click(box.x + box.width / 2, box.y + 30);
    await expect.poll(() => handler.getAttribute('class')).toMatch(/\bselected\b/);
    await page.context().close();
  });

  it('ED-10 a resting service icon draws no shadow (a blur is painted again for every raster tile); the hovered and the selected one stand out', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Shadows', [node('a', 'aws.lambda', 0, 0, { label: 'A' }), node('b', 'aws.s3', 300, 0, { label: 'B' })]),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const icon = (id: string) => page.locator(`.react-flow__node[data-id="${id}"] .arch-service__icon`);
    const shadow = (id: string) => computedStyle(icon(id), 'boxShadow');
    await icon('a').waitFor();
    await page.mouse.move(5, 5);
    expect(await shadow('a')).toBe('none');
    expect(await shadow('b')).toBe('none');
    await icon('a').hover();
    await expect.poll(() => shadow('a')).not.toBe('none');
    expect(await shadow('b')).toBe('none');
    await icon('b').click();
    await page.mouse.move(5, 5);
    await expect.poll(() => shadow('b')).not.toBe('none');
    expect(await shadow('a')).toBe('none');
    await page.context().close();
  });

  it('ED-11 an edge ends in an arrowhead of its colour; a two-way edge starts in one too; a selected edge turns both', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board(
        'Arrows',
        [
          node('a', 'aws.lambda', 0, 0, { label: 'A' }),
          node('b', 'aws.s3', 400, 0, { label: 'B' }),
          node('c', 'aws.sqs', 0, 300, { label: 'C' }),
        ],
        [
          { id: 'ab', source: 'a', target: 'b', style: 'sync', label: '' },
          { id: 'ac', source: 'a', target: 'c', style: 'async', label: '', twoWay: true },
        ],
      ),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    /** The colour of the arrowhead at one end of an edge's line ('' for none): its marker's fill. */
    const head = (id: string, end: 'marker-start' | 'marker-end') =>
      page.locator(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`).evaluate((path, attribute) => {
        // runs in the page (the tests' TypeScript has no DOM types)
        interface Element {
          getAttribute(name: string): string | null;
          querySelector(selector: string): Element | null;
          style: { fill: string };
        }
        const ref = (path as unknown as Element).getAttribute(attribute);
        const id = /^url\(['"]?#(.*?)['"]?\)$/.exec(ref ?? '')?.[1];
        if (id === undefined) return '';
        const doc = globalThis as unknown as { document: { getElementById(id: string): Element | null } };
        return doc.document.getElementById(id)?.querySelector('polyline')?.style.fill ?? 'missing marker';
      }, end);
    // attached, not visible: a straight vertical line has no width, which Playwright counts as hidden
    await page.locator('.react-flow__edge[data-id="ac"]').waitFor({ state: 'attached' });
    expect(await head('ab', 'marker-end')).toBe('var(--edge-sync)');
    expect(await head('ab', 'marker-start')).toBe('');
    expect(await head('ac', 'marker-end')).toBe('var(--edge-async)');
    expect(await head('ac', 'marker-start')).toBe('var(--edge-async)');
    const middle = await edgePoint(page.locator('.react-flow__edge[data-id="ab"]'), 0.5);
    await page.mouse.click(middle.x, middle.y);
    await expect.poll(() => head('ab', 'marker-end')).toBe('var(--edge-selected)');
    expect(await head('ac', 'marker-end')).toBe('var(--edge-async)');
    await page.context().close();
  });

  it('ED-12 keys of the view (Ctrl + and -, Ctrl+0, Shift+1 fit, Shift+2 the selection) and arrows that move the selection, stored, one undo step', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Keys', [
        node('api', 'aws.api-gateway', 0, 0, { label: 'Edge API' }),
        node('fn', 'aws.lambda', 2400, 1200, { label: 'Worker' }),
      ]),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const onScreen = async (label: string) => {
      const box = (await nodeByLabel(page, label).boundingBox())!;
      return (
        box.x >= pane.x &&
        box.y >= pane.y &&
        box.x + box.width <= pane.x + pane.width &&
        box.y + box.height <= pane.y + pane.height
      );
    };
    /** Waits out a zoom's animation (at most 300 ms), then until two readings 100 ms apart agree. */
    const settle = async () => {
      await page.waitForTimeout(350);
      let last = NaN;
      await expect
        .poll(
          async () => {
            const before = last;
            last = await zoomOf(page);
            return last === before;
          },
          { interval: 100 },
        )
        .toBe(true);
      return last;
    };
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    // The board framed on load, once it stops moving.
    const fitted = await settle();
    expect(fitted).toBeLessThan(0.6);

    await page.keyboard.press('Control+Equal');
    await settle();
    expect(await zoomOf(page)).toBeCloseTo(fitted * 1.2, 2);
    await page.keyboard.press('Control+Minus');
    await page.keyboard.press('Control+Minus');
    await settle();
    expect(await zoomOf(page)).toBeCloseTo(fitted / 1.2, 2);
    await page.keyboard.press('Control+0');
    await settle();
    expect(await zoomOf(page)).toBe(1);
    await page.keyboard.press('Shift+Digit1');
    await settle();
    expect(await zoomOf(page)).toBeCloseTo(fitted, 3);
    expect(await onScreen('Edge API')).toBe(true);
    expect(await onScreen('Worker')).toBe(true);

    // Shift+2 frames the selection alone, at 100 % at most.
    await nodeByLabel(page, 'Worker').click();
    await page.keyboard.press('Shift+Digit2');
    await settle();
    expect(await zoomOf(page)).toBe(1);
    expect(await onScreen('Worker')).toBe(true);
    expect(await onScreen('Edge API')).toBe(false);

    // Typed into a text field, the same keys are text: the view stays.
    await page.getByTestId('palette-search').click();
    await page.keyboard.press('Shift+Digit1');
    await settle();
    expect(await zoomOf(page)).toBe(1);
    expect(await page.getByTestId('palette-search').inputValue()).toBe('!');
    await page.getByTestId('palette-search').fill('');

    // Arrows move the selection a grid step, Shift+arrow four; stored, and one undo takes the run back.
    await nodeByLabel(page, 'Worker').click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    const at = async () => {
      const fn = (await stored(created)).nodes.find((n) => n.id === 'fn')!;
      return { x: fn.x, y: fn.y };
    };
    await expect.poll(at).toEqual({ x: 2416, y: 1232 });
    await page.keyboard.press('Control+z');
    await expect.poll(at).toEqual({ x: 2400, y: 1200 });

    // The sheet lists them.
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcut-sheet');
    await sheet.waitFor();
    for (const action of [
      'Zoom in',
      'Zoom out',
      'Zoom to 100 %',
      'Fit the whole board',
      'Zoom to the selection',
      'Move the selection a grid step',
    ])
      expect(await sheet.innerText()).toContain(action);
    await page.context().close();
  });

  it('ED-13 plain text pasted from elsewhere becomes a text label at the pointer, whole and selected; one undo takes it away', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Paste text', [node('api', 'aws.api-gateway', 0, 0, { label: 'Edge API' })]),
    );
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await openBoard(page, env.server.url, created);
    // Text copied in a text field (the browser's own copy: plain text, not an Archboard copy).
    const text = 'Payments go through Stripe, outside our account; refunds are manual for now';
    const search = page.getByTestId('palette-search');
    await search.fill(text);
    await search.press('Control+a');
    await search.press('Control+c');
    await search.fill('');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    const at = await canvasPoint(page, 0.6, 0.6);
    await page.mouse.move(at.x, at.y);
    await page.keyboard.press('Control+v');

    const label = page
      .locator('.react-flow__node')
      .filter({ has: page.locator('.arch-shape[data-kind="shape.text"]') });
    await expect.poll(() => label.count()).toBe(1);
    expect(await label.getByTestId('node-label').textContent()).toBe(text);
    await expect.poll(() => label.getAttribute('class')).toContain('selected');
    const box = (await label.boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - at.x)).toBeLessThan(8);
    expect(Math.abs(box.y + box.height / 2 - at.y)).toBeLessThan(8);
    // every line of it shows: the label's text runs within its box
    expect(await labelHiddenPx(label)).toBeLessThan(1);
    await expect.poll(async () => (await stored(created)).nodes.map((n) => n.label)).toContain(text);

    await page.keyboard.press('Control+z');
    await expect.poll(() => label.count()).toBe(0);
    await expect.poll(async () => (await stored(created)).nodes.length).toBe(1);
    await context.close();
  });

  it("ED-14 a connection let go on a node's body, away from its handles, joins that node (its end free to face the source); not on a container's body; one undo step", async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Drop on a body', [
        node('gw', 'aws.api-gateway', 0, 100, { label: 'Gateway' }),
        node('pay', 'shape.rect', 400, 40, { label: 'Payments', w: 240, h: 200 }),
        node('vpc', 'group.vpc', 0, 400, { label: 'VPC', w: 640, h: 260 }),
      ]),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const gateway = nodeByLabel(page, 'Gateway');
    await gateway.waitFor();

    /** Presses on a handle of the gateway and lets go at a point. */
    const drawTo = async (side: string, to: { x: number; y: number }) => {
      await gateway.hover();
      const handle = (await gateway.getByTestId(`handle-${side}`).boundingBox())!;
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move((handle.x + to.x) / 2, (handle.y + to.y) / 2, { steps: 6 });
      await page.mouse.move(to.x, to.y, { steps: 6 });
      await page.mouse.up();
    };
    const centre = (box: { x: number; y: number; width: number; height: number }) => ({
      x: box.x + box.width / 2,
      y: box.y + box.height / 2,
    });

    // The middle of a 240 × 200 shape: 100 px (at 100 %) from its nearest handle.
    const payments = page.locator('.react-flow__node[data-id="pay"]');
    await drawTo('right', centre((await payments.boundingBox())!));
    await expect.poll(async () => (await stored(created)).edges.length).toBe(1);
    const [edge] = (await stored(created)).edges;
    expect(edge).toMatchObject({ source: 'gw', target: 'pay', sourceHandle: 'right' });
    expect(edge?.targetHandle).toBeUndefined();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);

    // The empty middle of a container is where nodes go, not an end for the edge.
    await drawTo('bottom', centre((await page.locator('.react-flow__node[data-id="vpc"]').boundingBox())!));
    await page.waitForTimeout(300);
    expect((await stored(created)).edges).toHaveLength(1);

    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await stored(created)).edges.length).toBe(0);
    await page.context().close();
  });

  it("ED-15 Ctrl+A shows no edge's style picker (one edge clicked alone shows its own); a double-click on a service's icon or a shape's empty part renames it", async () => {
    const created = await createBoardFrom(
      env.server.url,
      board(
        'Select all',
        [
          node('gw', 'aws.api-gateway', 0, 100, { label: 'Gateway' }),
          node('fn', 'aws.lambda', 300, 100, { label: 'Handler' }),
          node('db', 'aws.dynamodb', 600, 100, { label: 'Table' }),
          node('box', 'shape.rect', 300, 300, { label: 'Legacy', w: 260, h: 160 }),
        ],
        [
          { id: 'e1', source: 'gw', target: 'fn', style: 'sync', label: '' },
          { id: 'e2', source: 'fn', target: 'db', style: 'data', label: 'writes' },
        ],
      ),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    await nodeByLabel(page, 'Gateway').waitFor();
    const pickers = page.locator('.arch-edge-tools');
    /** A click on the empty canvas, clear of the properties card at its top left. */
    const clickAway = async () => {
      const at = await canvasPoint(page, 0.5, 0.03);
      await page.mouse.click(at.x, at.y);
    };

    await clickAway();
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.react-flow__edge.selected').count()).toBe(2);
    expect(await pickers.count()).toBe(0);
    await clickAway();
    const point = await edgePoint(page.locator('.react-flow__edge[data-id="e1"]'), 0.5);
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => pickers.count()).toBe(1);

    // The service's icon, not its label (the picker closed first: it may lie over the icon).
    await clickAway();
    await expect.poll(() => pickers.count()).toBe(0);
    const icon = (await nodeByLabel(page, 'Handler').locator('.arch-service__icon').boundingBox())!;
    await page.mouse.dblclick(icon.x + icon.width / 2, icon.y + icon.height / 2);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Order handler');
    await page.keyboard.press('Enter');
    // The shape's top-left part, away from its centred label.
    const box = (await page.locator('.react-flow__node[data-id="box"]').boundingBox())!;
    await page.mouse.dblclick(box.x + 24, box.y + 20);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Mainframe');
    await clickAway();
    await expect
      .poll(async () => (await stored(created)).nodes.map((n) => n.label).sort())
      .toEqual(['Gateway', 'Mainframe', 'Order handler', 'Table']);
    expect((await stored(created)).nodes).toHaveLength(4);
    await page.context().close();
  });

  it("ED-16 a node dragged over a container outlines the one it would join (not the one it is in); let go over the subnet's edge, it lands wholly inside; one undo", async () => {
    const created = await createBoardFrom(
      env.server.url,
      board('Drop into', [
        node('vpc', 'group.vpc', 0, 0, { w: 560, h: 320, label: 'VPC' }),
        node('sn', 'group.private-subnet', 260, 60, { w: 260, h: 200, parent: 'vpc', label: 'Private subnet' }),
        node('web', 'aws.ec2', 60, 120, { parent: 'vpc', label: 'Web' }),
      ]),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const web = page.locator('.react-flow__node[data-id="web"]');
    const subnet = page.locator('.react-flow__node[data-id="sn"]');
    const outlined = () =>
      page
        .locator('.react-flow__node.is-drop-target')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
    await web.waitFor();
    const from = (await web.boundingBox())!;
    const sn = (await subnet.boundingBox())!;
    const grip = { x: from.x + from.width / 2, y: from.y + 20 };
    await page.mouse.move(grip.x, grip.y);
    await page.mouse.down();
    // Within the VPC it is in: nothing outlined.
    await page.mouse.move(grip.x + 30, grip.y + 10, { steps: 4 });
    expect(await outlined()).toEqual([]);
    // Its centre just inside the subnet's bottom right corner: most of it hangs outside.
    const centre = { x: sn.x + sn.width - 12, y: sn.y + sn.height - 12 };
    await page.mouse.move(
      grip.x + centre.x - (from.x + from.width / 2),
      grip.y + centre.y - (from.y + from.height / 2),
      { steps: 10 },
    );
    await expect.poll(outlined).toEqual(['sn']);
    await page.mouse.up();
    await expect.poll(outlined).toEqual([]);
    await expect.poll(async () => (await stored(created)).nodes.find((n) => n.id === 'web')?.parent).toBe('sn');
    await expect
      .poll(async () => {
        const [a, b] = [(await web.boundingBox())!, (await subnet.boundingBox())!];
        return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
      })
      .toBe(true);
    const inSubnet = (await stored(created)).nodes.find((n) => n.id === 'web')!;
    expect(inSubnet.x + 112).toBeLessThanOrEqual(260);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => {
        const back = (await stored(created)).nodes.find((n) => n.id === 'web')!;
        return [back.parent, back.x, back.y];
      })
      .toEqual(['vpc', 60, 120]);

    // A service dropped from the palette just inside the subnet's right edge: inside it, whole.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await dropComponent(page, 'aws.lambda', { x: sn.x + sn.width - 8 - pane.x, y: sn.y + sn.height / 2 - pane.y });
    await expect
      .poll(async () => (await stored(created)).nodes.find((n) => n.kind === 'aws.lambda')?.parent)
      .toBe('sn');
    const dropped = (await stored(created)).nodes.find((n) => n.kind === 'aws.lambda')!;
    expect(dropped.x + 112).toBeLessThanOrEqual(260);
    await page.context().close();
  });

  it('ED-17 an edge drawn from the right side of a node to the left side of the one beside it on the left runs around both, not through their icons', async () => {
    const created = await createBoardFrom(
      env.server.url,
      board(
        'Back and forth',
        [
          node('fn', 'aws.lambda', 0, 0, { label: 'Handler' }),
          node('table', 'aws.dynamodb', 240, 0, { label: 'Table' }),
        ],
        [
          {
            id: 'forth',
            source: 'fn',
            target: 'table',
            sourceHandle: 'right',
            targetHandle: 'left',
            style: 'sync',
            label: '',
          },
        ],
      ),
    );
    const page = await newPerson(env.browser);
    await openBoard(page, env.server.url, created);
    const fn = nodeByLabel(page, 'Handler');
    const table = nodeByLabel(page, 'Table');
    await fn.waitFor();
    await connectWithMouse(page, table, fn);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    const backId = await page.locator('.react-flow__edge:not([data-id="forth"])').getAttribute('data-id');
    expect((await stored(created)).edges.find((e) => e.id === backId)).toMatchObject({
      source: 'table',
      target: 'fn',
      sourceHandle: 'right',
      targetHandle: 'left',
    });
    const path = page.locator(`.react-flow__edge[data-id="${backId}"]`);
    const icons = await Promise.all(
      [fn, table].map(async (n) => (await n.locator('.arch-service__icon').boundingBox())!),
    );
    const crossing: { x: number; y: number }[] = [];
    for (let i = 0; i <= 100; i++) {
      const p = await edgePoint(path, i / 100);
      if (icons.some((b) => p.x > b.x + 1 && p.x < b.x + b.width - 1 && p.y > b.y + 1 && p.y < b.y + b.height - 1))
        crossing.push(p);
    }
    expect(crossing).toEqual([]);
    // It crosses over above or below both nodes, clear of their labels too.
    const nodes = await Promise.all([fn, table].map(async (n) => (await n.boundingBox())!));
    const middle = await edgePoint(path, 0.5);
    expect(nodes.every((b) => middle.y < b.y || middle.y > b.y + b.height)).toBe(true);
    await page.context().close();
  });

  it('ED-18 a node being dragged is drawn above the node it passes over, and goes back into the board when dropped', async () => {
    const { created, page, gateway, handler } = await gatewayAndHandler('Lifted');
    const from = (await gateway.locator('.arch-service__icon').boundingBox())!;
    const over = (await handler.locator('.arch-service__icon').boundingBox())!;
    const centre = (b: { x: number; y: number; width: number; height: number }) => ({
      x: b.x + b.width / 2,
      y: b.y + b.height / 2,
    });
    // The node drawn on top at a point, under the shield that takes the pointer during a drag (ED-9).
    const topNodeAt = (p: { x: number; y: number }) =>
      page.evaluate(
        `document.elementsFromPoint(${p.x}, ${p.y}).find((el) => el.closest('.react-flow__node'))?.closest('.react-flow__node').getAttribute('data-id') ?? null`,
      ) as Promise<string | null>;
    const lifted = async (node: Locator) => ((await node.getAttribute('class')) ?? '').split(' ').includes('is-lifted');
    const zIndex = async (node: Locator) => Number(await computedStyle(node, 'zIndex'));
    expect(await topNodeAt(centre(over))).toBe('b');
    await page.mouse.move(centre(from).x, centre(from).y);
    await page.mouse.down();
    await page.mouse.move(centre(over).x, centre(over).y, { steps: 10 });
    // Held over Handler: Gateway's icon covers it, raised above the board.
    await expect.poll(() => topNodeAt(centre(over))).toBe('a');
    expect(await lifted(gateway)).toBe(true);
    expect(await lifted(handler)).toBe(false);
    expect(await zIndex(gateway)).toBeGreaterThan(await zIndex(handler));
    // Dropped beside it: no longer lifted, and stored where it was dropped.
    await page.mouse.move(centre(over).x, centre(over).y + 200, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => lifted(gateway)).toBe(false);
    await expect.poll(async () => (await stored(created)).nodes.find((n) => n.id === 'a')!.x).toBeGreaterThan(150);
    await page.context().close();
  });
});
