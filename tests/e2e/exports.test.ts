import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  boardFromExport,
  catalogEntry,
  diagramLayout,
  exportFileName,
  toExportJson,
  toMarkdown,
  type Box,
  type ExportDoc,
} from '@archboard/shared';
import { exportFixture } from '@archboard/shared/testing';
import { expectConnected, serverAndBrowser } from './boardPage';
import {
  bigNotesFile,
  createBoardFrom,
  edgeLabelBox,
  expectNodesShown,
  exportFile,
  exportedJson,
  exportNode,
  importIntoBoard,
  inside,
  newDownloader,
  nodeCount,
  openBoard,
  openExportMenu,
  pathSegments,
  Picture,
  settle,
  twoOnBoard,
  snapshot,
  keep,
  tempFile,
  toImage,
} from './exportPage';

const env = serverAndBrowser();

const fixture = exportFixture();
const fixtureBoard = boardFromExport(fixture);

/** A board holding one bucket, for imports to land beside. */
const oneNode = (): ExportDoc => ({
  format: 'archboard',
  formatVersion: 1,
  title: 'Import target',
  nodes: [{ id: 'seed', kind: 'aws.s3', x: 0, y: 0, label: 'Seed bucket', notes: '', z: 1 }],
  edges: [],
  answers: {},
});

/** Files `parseImport` refuses, and what the dialog must say about each. */
const BAD_FILES: { what: string; text: string; says: string[] }[] = [
  { what: 'not JSON', text: '{ "format": "archboard", nodes: [ }', says: ['not JSON'] },
  { what: 'formatVersion 2', text: JSON.stringify({ ...fixture, formatVersion: 2 }), says: ['formatVersion 2'] },
  {
    what: 'a node with "x": "abc"',
    text: JSON.stringify({ ...fixture, nodes: fixture.nodes.map((n) => (n.id === 'api' ? { ...n, x: 'abc' } : n)) }),
    says: ['"x"', '"api"', 'not a number'],
  },
  {
    what: 'a node at x 1e308, past anything that can be drawn',
    text: JSON.stringify({ ...fixture, nodes: fixture.nodes.map((n) => (n.id === 'api' ? { ...n, x: 1e308 } : n)) }),
    says: ['"x"', '"api"', 'must be within ±10,000,000 px'],
  },
];

async function expectImportError(page: Page, says: string[]): Promise<void> {
  const dialog = page.getByTestId('import-error');
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await dialog.innerText();
  for (const phrase of says) expect(text, `the dialog names ${phrase}`).toContain(phrase);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('exports and imports in the browser', () => {
  it('B1 each Export menu item downloads its file', async () => {
    const created = await createBoardFrom(env.server.url, fixture);
    const page = await newDownloader(env.browser);
    await openBoard(page, env.server.url, created);
    await expectNodesShown(page, fixtureBoard);
    expect(await nodeCount(page)).toBe(fixture.nodes.length);

    // JSON: the board as the shared exporter writes it, named after the title.
    const json = await exportFile(page, 'export-json');
    expect(json.name).toBe(exportFileName(fixture.title, 'json'));
    expect(json.text).toBe(toExportJson(fixtureBoard));

    // SVG: one element per node and per edge.
    const svg = await exportFile(page, 'export-svg');
    expect(svg.name).toBe(exportFileName(fixture.title, 'svg'));
    expect(svg.text.startsWith('<svg')).toBe(true);
    const ids = new Set([...svg.text.matchAll(/ data-id="([^"]*)"/g)].map((m) => m[1]));
    expect([...ids].sort()).toEqual([...fixture.nodes.map((n) => n.id), ...fixture.edges.map((e) => e.id)].sort());

    // Markdown: the design doc, title first and a table of connections. Without a view
    // link (this page was opened by its edit link only) it also downloads its PNG.
    const md = await exportFile(page, 'export-markdown', { accept: (name) => name.endsWith('.md') });
    expect(md.name).toBe(exportFileName(fixture.title, 'md'));
    const lines = md.text.split('\n');
    expect(lines[0]).toBe('# Checkout &lt;v2&gt; &amp; friends 🚀');
    const diagramUrl = /^!\[Diagram: [^\]]*\]\((.*)\)$/.exec(lines[2] ?? '')?.[1];
    expect(diagramUrl).toBeDefined();
    expect(md.text).toBe(toMarkdown(fixtureBoard, { diagramUrl: diagramUrl! }));
    const table = lines.indexOf('## Connections');
    expect(table).toBeGreaterThan(0);
    expect(lines.slice(table + 2, table + 4)).toEqual(['| From | To | Traffic | Label |', '| --- | --- | --- | --- |']);
    expect(lines.slice(table + 4).filter((l) => l.startsWith('| '))).toHaveLength(fixture.edges.length);

    // PNG at 2×: the whole diagram, every edge drawn, every icon present.
    await openExportMenu(page);
    await snapshot(page, 'export-menu');
    const file = await exportFile(page, 'export-png', {
      pick: ['export-scale-2', 'export-theme-light', 'export-background-solid'],
    });
    expect(file.name).toBe(exportFileName(fixture.title, 'png'));
    keep(file);
    const png = Picture.decode(file.bytes);
    const layout = diagramLayout(fixtureBoard);
    const scale = 2;
    expect({ w: png.width, h: png.height }).toEqual({ w: layout.bounds.w * scale, h: layout.bounds.h * scale });
    const background = png.at(2, 2)!; // inside the 40 px padding
    expect(background).toEqual({ r: 255, g: 255, b: 255, a: 255 });
    const pixel = toImage(layout, scale);

    // Not blank: a coarse grid over the picture finds ink (the fixture is sparse: under 1 %).
    let inked = 0;
    let probed = 0;
    for (let y = 0; y < png.height; y += 8)
      for (let x = 0; x < png.width; x += 8) {
        probed++;
        if (png.inkNear(x, y, background, 0)) inked++;
      }
    expect(inked / probed).toBeGreaterThan(0.003);

    // Every edge along its route. The route's `points` include the corners of the rounded
    // steps, which the curve cuts inside of, so the path is sampled instead: about every
    // diagram pixel, each sample mapped as (p − origin) × scale and looked at within 1 px.
    // Replication is a double line (a background-coloured line down its middle), so its
    // samples look 3 px around. Dashed and dotted styles must be inked on a good part of
    // each piece; solid ones almost everywhere. Edge labels (pills drawn over the line) are skipped.
    const labels = layout.routes.map((r) => edgeLabelBox(r, 3)).filter((b): b is Box => b !== undefined);
    for (const route of layout.routes) {
      const { style } = route.edge;
      const radius = style === 'replication' ? 3 : 1;
      const dashed = style === 'async' || style === 'data';
      const segments = pathSegments(route.path);
      expect(segments.length, route.edge.id).toBeGreaterThan(0);
      for (const [i, segment] of segments.entries()) {
        const samples = segment.samples.filter((p) => !labels.some((b) => inside(p, b)));
        if (samples.length === 0) continue;
        const misses = samples.filter((p) => {
          const at = pixel(p);
          return !png.inkNear(at.x, at.y, background, radius);
        });
        const share = 1 - misses.length / samples.length;
        const where = `edge ${route.edge.id} (${style}) piece ${i}, first miss at ${JSON.stringify(misses[0])}`;
        if (dashed) expect(share, where).toBeGreaterThan(samples.length >= 8 ? 0.3 : 0);
        else expect(share, where).toBeGreaterThanOrEqual(0.97);
      }
      // The corner points the route names are all inside the picture.
      for (const p of route.points) {
        const at = pixel(p);
        expect(
          at.x >= 0 && at.y >= 0 && at.x < png.width && at.y < png.height,
          `${route.edge.id} ${JSON.stringify(p)}`,
        ).toBe(true);
      }
    }

    // Every icon, including the nodes far outside the first viewport (queue at y −1,500,
    // the tables at x 3,000): their icon boxes are inked.
    for (const [id, l] of layout.layouts) {
      const entry = catalogEntry(l.node.kind);
      if (!entry || l.shape === 'note') continue;
      const size = l.shape === 'group' ? 24 : 48;
      const icon =
        l.shape === 'group' ? { x: l.box.x, y: l.box.y } : { x: l.box.x + (l.box.w - 48) / 2, y: l.box.y + 8 };
      const at = pixel(icon);
      const share = png.inkShare({ x: at.x, y: at.y, w: size * scale, h: size * scale }, background);
      // Service and group icons fill their square; resource and generic ones (Shopper) are outlines.
      const least = /^(generic|aws\/resource)\//.test(entry.icon) ? 0.08 : 0.6;
      expect(share, `icon of ${id} (${l.node.kind})`).toBeGreaterThan(least);
    }

    await page.context().close();
  });

  it('B2 a valid import shows the diagram on a second page too', async () => {
    const created = await createBoardFrom(env.server.url, oneNode());
    const a = await newDownloader(env.browser);
    const b = await newDownloader(env.browser);
    await openBoard(a, env.server.url, created);
    await openBoard(b, env.server.url, created);
    for (const page of [a, b]) await expect.poll(() => nodeCount(page)).toBe(1);

    await importIntoBoard(a, JSON.stringify(fixture));
    for (const page of [a, b]) {
      await expectNodesShown(page, fixtureBoard);
      await expect.poll(() => nodeCount(page)).toBe(1 + fixture.nodes.length);
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(fixture.edges.length);
    }
    // The import is the fixture with fresh ids, beside the bucket.
    const merged = JSON.parse(await exportedJson(a)) as ExportDoc;
    expect(merged.title).toBe('Import target');
    expect(merged.nodes.filter((n) => fixture.nodes.some((f) => f.id === n.id))).toEqual([]);
    expect(merged.nodes.map((n) => n.label).sort()).toEqual(
      ['Seed bucket', ...fixture.nodes.map((n) => n.label)].sort(),
    );

    // One Ctrl+Z takes the whole import back, on both pages.
    await a.keyboard.press('Control+z');
    for (const page of [a, b]) {
      await expect.poll(() => nodeCount(page)).toBe(1);
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(0);
    }
    expect(JSON.parse(await exportedJson(a))).toEqual(oneNode());

    for (const page of [a, b]) await page.context().close();
  });

  it('B3 a bad import shows the error and leaves the board unchanged on both pages', async () => {
    const created = await createBoardFrom(env.server.url, oneNode());
    const a = await newDownloader(env.browser);
    const b = await newDownloader(env.browser);
    await openBoard(a, env.server.url, created);
    await openBoard(b, env.server.url, created);
    for (const page of [a, b]) await expect.poll(() => nodeCount(page)).toBe(1);
    const before = await exportedJson(a);

    for (const bad of BAD_FILES) {
      await importIntoBoard(a, bad.text);
      await expectImportError(a, bad.says);
      expect(await nodeCount(a), bad.what).toBe(1);
    }
    await settle(a, b); // anything A might have sent has reached B
    expect(await nodeCount(b)).toBe(1);
    expect(await exportedJson(a)).toBe(before);
    expect(await exportedJson(b)).toBe(before);
    // Nothing to undo either.
    expect(await a.getByTestId('undo').isDisabled()).toBe(true);

    for (const page of [a, b]) await page.context().close();
  });

  it('B4 the landing page imports a file as a new board, and refuses a bad one', async () => {
    const page = await newDownloader(env.browser);
    await page.goto(`${env.server.url}/`);
    const input = page.getByTestId('import-json');

    const bad = BAD_FILES[2]!;
    await input.setInputFiles(tempFile(bad.text));
    await expectImportError(page, bad.says);
    expect(new URL(page.url()).pathname).toBe('/');

    await input.setInputFiles(tempFile(JSON.stringify(fixture)));
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(page);
    await expectNodesShown(page, fixtureBoard);
    expect(await nodeCount(page)).toBe(fixture.nodes.length);
    expect(await page.locator('.react-flow__edge').count()).toBe(fixture.edges.length);
    expect(await exportedJson(page)).toBe(toExportJson(fixtureBoard));

    await page.context().close();
  });

  it('B6 a file too big for one update joins the open board for everyone, and one Ctrl+Z takes it back', async () => {
    const big = bigNotesFile();
    const created = await createBoardFrom(env.server.url, oneNode());
    const a = await newDownloader(env.browser);
    const b = await newDownloader(env.browser);
    await openBoard(a, env.server.url, created);
    await openBoard(b, env.server.url, created);
    await importIntoBoard(a, JSON.stringify(big));
    for (const page of [a, b]) await expect.poll(() => nodeCount(page), { timeout: 20_000 }).toBe(1 + 24);
    expect(await a.getByRole('alert').count()).toBe(0); // no "A change is too large to share"
    await a.keyboard.press('Control+z');
    for (const page of [a, b]) await expect.poll(() => nodeCount(page), { timeout: 20_000 }).toBe(1);
    for (const page of [a, b]) await page.context().close();
  });

  it('B7 a file past the byte rate the server allows a connection reaches everyone, on the same socket', async () => {
    // 96 services: about 5.8 MB of changes, past the 4 MiB a connection may send at once
    // (4429). The tab paces its updates under the rate instead of being cut off.
    const created = await createBoardFrom(env.server.url, oneNode());
    const { a, b, socketsOpened } = await twoOnBoard(env.browser, env.server.url, created);
    await importIntoBoard(a, JSON.stringify(bigNotesFile(96)));
    await expect.poll(() => nodeCount(b), { timeout: 30_000 }).toBe(1 + 96);
    await expectConnected(a);
    expect(await a.getByRole('alert').count()).toBe(0);
    expect(socketsOpened()).toBe(0); // never closed and opened again
    const c = await newDownloader(env.browser);
    await openBoard(c, env.server.url, created);
    await expect.poll(() => nodeCount(c), { timeout: 15_000 }).toBe(1 + 96);
    for (const page of [a, b, c]) await page.context().close();
  });

  it('B5 a hand-written file with a service outside its VPC opens with the VPC grown around it', async () => {
    const file: ExportDoc = {
      format: 'archboard',
      formatVersion: 1,
      title: 'Hand-written',
      nodes: [
        exportNode('vpc', 'group.vpc', 180, 0, { w: 620, h: 360, label: 'Production VPC' }),
        exportNode('alb', 'aws.elb', 220, 140, { parent: 'vpc' }),
        exportNode('db', 'aws.dynamodb', 640, 140, { parent: 'vpc' }), // right of the VPC's edge
      ],
      edges: [{ id: 'e1', source: 'alb', target: 'db', style: 'sync', label: '' }],
      answers: {},
    };
    const page = await newDownloader(env.browser);
    await page.goto(`${env.server.url}/`);
    await page.getByTestId('import-json').setInputFiles(tempFile(JSON.stringify(file)));
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expectConnected(page);
    const box = async (id: string) => (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    await expect.poll(() => nodeCount(page)).toBe(3);
    const [vpc, db, alb] = [await box('vpc'), await box('db'), await box('alb')];
    for (const inner of [db, alb]) {
      expect(inside({ x: inner.x, y: inner.y }, { x: vpc.x, y: vpc.y, w: vpc.width, h: vpc.height })).toBe(true);
      const corner = { x: inner.x + inner.width, y: inner.y + inner.height };
      expect(inside(corner, { x: vpc.x, y: vpc.y, w: vpc.width, h: vpc.height })).toBe(true);
    }
    // The service stays where the file put it; the VPC grew to hold it.
    const stored = JSON.parse(await exportedJson(page)) as ExportDoc;
    expect(stored.nodes.find((n) => n.id === 'db')).toMatchObject({ x: 640, y: 140, parent: 'vpc' });
    expect(stored.nodes.find((n) => n.id === 'vpc')!.w).toBeGreaterThan(620);
    await page.context().close();
  });
});
