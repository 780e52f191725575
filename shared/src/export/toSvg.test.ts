import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { catalogEntry } from '../catalog/catalog';
import { connect, setEdgeTwoWay } from '../ops/edges';
import { initBoard } from '../ops/meta';
import { addNode, type NewNode } from '../ops/nodes';
import type { Result } from '../ops/result';
import { readBoard, type Board } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { boardFromExport } from '../ops/importBoard';
import { exportFixture } from '../testing/exportFixtures';
import { syncPair } from '../testing/network';
import { checkXml as checkSvgXml } from '../testing/xml';
import { THEMES } from './theme';
import { diagramLayout, layoutToSvg, toSvg, type IconSource, type SvgOptions } from './toSvg';

/*
 * SVG-1: the SVG export is a well-formed XML document whatever the labels hold, names
 * every node and edge, frames the whole diagram, and is the same string every time.
 */

const nid = (id: string) => id as NodeId;
const eid = (id: string) => id as EdgeId;
const SCRIPT = '<script>alert(1)</script>';
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48"/></svg>';
const icons: IconSource = () => ICON;
const LIGHT_SOLID: SvgOptions = { theme: 'light', background: 'solid' };

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));

/** `loneSurrogate`: Yjs' encoding turns a lone surrogate into U+FFFD, so a replica reads that label differently. */
function hostileDoc(loneSurrogate = true): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 7;
  initBoard(doc, `Title ${SCRIPT} & "quotes" 🚀`, 0);
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 0, y: 0, label: `VPC ${SCRIPT}` });
  add(doc, { id: nid('az'), kind: 'group.az', x: 20, y: 40, parent: nid('vpc') });
  add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 30, y: 40, parent: nid('az'), label: SCRIPT });
  add(doc, { id: nid('fn2'), kind: 'aws.lambda', x: 150, y: 40, parent: nid('az'), label: 'a & b < c > d "e" \'f\'' });
  add(doc, {
    id: nid('db'),
    kind: 'aws.dynamodb',
    x: 800,
    y: 40,
    label: `control\u0001char and lone ${loneSurrogate ? '\uD800' : ''} half`,
  });
  add(doc, { id: nid('user'), kind: 'generic.user', x: -300, y: 60, label: '' });
  add(doc, { id: nid('far'), kind: 'aws.s3', x: 50_000, y: -7_000, label: 'far away 👩‍💻' });
  add(doc, { id: nid('memo'), kind: 'note', x: 0, y: 500, label: `${SCRIPT}\nline two & ]]> end` });
  value(connect(doc, { id: eid('e1'), source: nid('user'), target: nid('fn'), label: SCRIPT }));
  value(connect(doc, { id: eid('e2'), source: nid('fn'), target: nid('db'), style: 'data', label: '"quoted" & <b>' }));
  value(connect(doc, { id: eid('e3'), source: nid('fn2'), target: nid('far'), style: 'async' }));
  value(connect(doc, { id: eid('e4'), source: nid('db'), target: nid('far'), style: 'replication' }));
  value(setEdgeTwoWay(doc, eid('e4'), true));
  // A peer can write any map key as an id; the SVG must still hold it as an attribute value.
  boardMaps(doc).nodes.set('odd"<&>\'id', boardMaps(doc).nodes.get('user')!.clone());
  return doc;
}

/** The tag names of a well-formed SVG, in document order (throws on the first fault). */
const checkXml = (xml: string): string[] => checkSvgXml(xml).map((e) => e.name);

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function viewBox(svg: string) {
  const m = /<svg [^>]*width="(\d+)" height="(\d+)" viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"/.exec(svg);
  if (!m) throw new Error('no view box');
  const [w, h, x, y, vw, vh] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  expect([vw, vh]).toEqual([w, h]);
  return { x, y, w: vw, h: vh };
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('SVG-1 toSvg', () => {
  test('SVG-1 the checker itself rejects what is not well-formed', () => {
    expect(() => checkXml('<svg><g></svg>')).toThrow();
    expect(() => checkXml('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => checkXml('<svg><text>a & b</text></svg>')).toThrow();
    expect(() => checkXml('<svg a="1" a="2"/>')).toThrow();
    expect(() => checkXml('<svg data-x="<"/>')).toThrow();
    expect(() => checkXml('<svg><script>x</script></svg>')).toThrow();
    expect(() => checkXml('<svg/><svg/>')).toThrow();
    expect(() => checkXml('<svg>\u0001</svg>')).toThrow();
    expect(checkXml('<svg a="&amp;"><g>x &lt; y &#128640;</g>\n</svg>\n')).toEqual(['svg', 'g']);
  });

  test('SVG-1 is well-formed XML for every theme and background, whatever the labels hold', () => {
    const board = readBoard(hostileDoc());
    expect(board.problems).toEqual([]);
    for (const theme of ['light', 'dark'] as const) {
      for (const background of ['solid', 'transparent'] as const) {
        const svg = toSvg(board, { theme, background }, icons);
        const tags = checkXml(svg);
        expect(tags[0]).toBe('svg');
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      }
    }
  });

  test('SVG-1 every node and edge appears as a data-id attribute', () => {
    const board = readBoard(hostileDoc());
    const svg = toSvg(board, LIGHT_SOLID, icons);
    expect(board.nodes.length).toBe(9);
    expect(board.edges.length).toBe(4);
    for (const { id } of [...board.nodes, ...board.edges]) expect(count(svg, ` data-id="${escapeAttr(id)}"`)).toBe(1);
    expect(svg).toContain('data-id="odd&quot;&lt;&amp;&gt;\'id"');
    expect(count(svg, ' data-id="')).toBe(board.nodes.length + board.edges.length);
  });

  test('SVG-1 a label that is markup appears only escaped', () => {
    const svg = toSvg(readBoard(hostileDoc()), LIGHT_SOLID, icons);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toContain('<b>');
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(svg).toContain(`<title>Title ${escaped} &amp; "quotes" 🚀</title>`);
    // The edge label is one line, so it appears whole.
    expect(svg).toContain(`>${escaped}</text>`);
    expect(svg).toContain('&quot;quoted&quot; &amp; &lt;b&gt;'.replace(/&quot;/g, '"'));
    expect(svg).toContain('>controlchar and</tspan>');
    expect(svg).toContain('>lone  half</tspan>');
  });

  test('SVG-1 deterministic: the same string twice, and on a replica', () => {
    const doc = hostileDoc(false);
    const first = toSvg(readBoard(doc), LIGHT_SOLID, icons);
    expect(toSvg(readBoard(doc), LIGHT_SOLID, icons)).toBe(first);
    const replica = new Y.Doc();
    syncPair(doc, replica);
    expect(toSvg(readBoard(replica), LIGHT_SOLID, icons)).toBe(first);
  });

  test('SVG-1 the view box holds every node box with padding, a node at x = 50,000 included', () => {
    const board = readBoard(hostileDoc());
    const svg = toSvg(board, LIGHT_SOLID, icons);
    const box = viewBox(svg);
    const layout = diagramLayout(board);
    expect(layout.bounds).toEqual(box);
    const far = layout.layouts.get('far')!.box;
    expect(far.x).toBe(50_000);
    for (const { box: b } of layout.layouts.values()) {
      expect(b.x - 40).toBeGreaterThanOrEqual(box.x);
      expect(b.y - 40).toBeGreaterThanOrEqual(box.y);
      expect(b.x + b.w + 40).toBeLessThanOrEqual(box.x + box.w);
      expect(b.y + b.h + 40).toBeLessThanOrEqual(box.y + box.h);
    }
    // Edge corners are inside it too.
    for (const route of layout.routes)
      for (const p of route.points) {
        expect(p.x).toBeGreaterThanOrEqual(box.x);
        expect(p.x).toBeLessThanOrEqual(box.x + box.w);
        expect(p.y).toBeGreaterThanOrEqual(box.y);
        expect(p.y).toBeLessThanOrEqual(box.y + box.h);
      }
  });

  test('SVG-1 an empty board gets a small fixed view box', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Empty');
    const svg = toSvg(readBoard(doc), LIGHT_SOLID, icons);
    checkXml(svg);
    expect(viewBox(svg)).toEqual({ x: -40, y: -40, w: 400, h: 260 });
  });

  test('SVG-1 light and dark differ in colours; transparent is solid without its background rect', () => {
    const board = readBoard(hostileDoc());
    const light = toSvg(board, { theme: 'light', background: 'solid' }, icons);
    const dark = toSvg(board, { theme: 'dark', background: 'solid' }, icons);
    const clear = toSvg(board, { theme: 'light', background: 'transparent' }, icons);
    const darkClear = toSvg(board, { theme: 'dark', background: 'transparent' }, icons);
    expect(light).not.toBe(dark);
    expect(count(light, 'class="background"')).toBe(1);
    expect(count(dark, 'class="background"')).toBe(1);
    expect(light).toMatch(new RegExp(`<rect class="background"[^>]* fill="${THEMES.light.background}"/>`));
    expect(dark).toMatch(new RegExp(`<rect class="background"[^>]* fill="${THEMES.dark.background}"/>`));
    expect(clear).not.toContain('class="background"');
    expect(darkClear).not.toContain('class="background"');
    const withoutBackground = (svg: string) => svg.replace(/<rect class="background"[^>]*\/>/, '');
    expect(clear).toBe(withoutBackground(light));
    expect(darkClear).toBe(withoutBackground(dark));
    // Each theme's edge colours, and the dark theme's plates behind icons.
    expect(light).toContain(`stroke="${THEMES.light.edge.sync}"`);
    expect(light).not.toContain(THEMES.dark.edge.sync);
    expect(dark).toContain(`stroke="${THEMES.dark.edge.sync}"`);
    expect(count(dark, `rx="6" fill="${THEMES.dark.iconPlate!}"`)).toBe(
      board.nodes.filter((n) => catalogEntry(n.kind)?.shape === 'service').length,
    );
    expect(light).not.toContain('rx="6" fill=');
  });

  test('SVG-1 icons are defined once per kind however many nodes use them', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Icons');
    for (let i = 0; i < 12; i++) add(doc, { id: nid(`fn${i}`), kind: 'aws.lambda', x: i * 150, y: 0 });
    for (let i = 0; i < 5; i++) add(doc, { id: nid(`s3${i}`), kind: 'aws.s3', x: i * 150, y: 300 });
    add(doc, { id: nid('vpc1'), kind: 'group.vpc', x: 0, y: 600 });
    add(doc, { id: nid('vpc2'), kind: 'group.vpc', x: 700, y: 600 });
    const asked: string[] = [];
    const s3Icon = catalogEntry('aws.s3')!.icon;
    const source: IconSource = (path) => (asked.push(path), path === s3Icon ? undefined : ICON);
    const svg = toSvg(readBoard(doc), LIGHT_SOLID, source);
    checkXml(svg);
    const symbols = [...svg.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]);
    // Lambda and VPC have icons; the source has none for S3, so those nodes draw without one.
    expect(symbols).toHaveLength(2);
    expect(new Set(symbols).size).toBe(2);
    const uses = [...svg.matchAll(/<use href="#([^"]+)"/g)].map((m) => m[1]);
    expect(uses).toHaveLength(14);
    for (const id of uses) expect(symbols).toContain(id);
    expect(count(svg, 'data:image/svg+xml;base64,')).toBe(2);
    expect(new Set(asked)).toEqual(
      new Set([catalogEntry('aws.lambda')!.icon, s3Icon, catalogEntry('group.vpc')!.icon]),
    );
  });

  test('SVG-1 arrowheads: one marker per style in use, both ends of a two-way edge', () => {
    const board = readBoard(hostileDoc());
    const svg = toSvg(board, LIGHT_SOLID, icons);
    expect([...svg.matchAll(/<marker id="arrow-([a-z]+)"/g)].map((m) => m[1]).sort()).toEqual([
      'async',
      'data',
      'replication',
      'sync',
    ]);
    const twoWay = /<g class="edge" data-id="e4"[^>]*><path [^>]*\/>/.exec(svg)?.[0] ?? '';
    expect(twoWay).toContain('marker-start="url(#arrow-replication)"');
    expect(twoWay).toContain('marker-end="url(#arrow-replication)"');
    const oneWay = /<g class="edge" data-id="e1"[^>]*><path [^>]*\/>/.exec(svg)?.[0] ?? '';
    expect(oneWay).toContain('marker-end=');
    expect(oneWay).not.toContain('marker-start=');
  });

  test('SVG-1 a board with only unknown-kind records still exports', () => {
    const board: Board = { ...readBoard(hostileDoc()), nodes: [], edges: [] };
    checkXml(toSvg(board, { theme: 'dark', background: 'transparent' }, icons));
  });
});

describe('SVG-3 strips', () => {
  test('SVG-3 a strip draws no icon and no arrowhead that lies outside it (resvg aborts on those)', () => {
    const board = boardFromExport(exportFixture());
    const layout = diagramLayout(board);
    const { bounds } = layout;
    const region = { x: bounds.x, y: bounds.y + 400, w: bounds.w, h: 100 };
    const strip = layoutToSvg(board.title, layout, { theme: 'light', background: 'solid' }, () => '<svg/>', region);
    expect(strip).toContain(`viewBox="${bounds.x} ${bounds.y + 400} ${bounds.w} 100"`);
    const inside = (x: number, y: number, w: number, h: number) =>
      x < region.x + region.w && region.x < x + w && y < region.y + region.h && region.y < y + h;
    for (const use of strip.matchAll(
      /<use href="#icon-\d+" x="([-\d.]+)" y="([-\d.]+)" width="(\d+)" height="(\d+)"/g,
    )) {
      expect(inside(Number(use[1]), Number(use[2]), Number(use[3]), Number(use[4])), use[0]).toBe(true);
    }
    for (const route of layout.routes) {
      const element = new RegExp(`data-id="${route.edge.id}"[^>]*><path[^>]*>`).exec(strip)?.[0] ?? '';
      const end = route.points.at(-1)!;
      if (element.includes('marker-end')) expect(inside(end.x - 10, end.y - 10, 20, 20), route.edge.id).toBe(true);
    }
    // The fixture's queue lies 1,500 px above: its edge passes through the strip without its arrowhead.
    expect(strip).toMatch(/data-id="e-fn-queue"[^>]*><path (?![^>]*marker-end)[^>]*>/);
  });
});

describe('SVG-4 plain shapes and text labels', () => {
  const SHAPE_IDS = ['caption', 'box', 'oval', 'drum'];

  function shapesDoc(): Y.Doc {
    const doc = new Y.Doc();
    initBoard(doc, 'Shapes', 0);
    add(doc, {
      id: nid('caption'),
      kind: 'shape.text',
      x: 0,
      y: -80,
      w: 400,
      h: 60,
      label: `Title ${SCRIPT}\nsecond & line`,
    });
    add(doc, { id: nid('box'), kind: 'shape.rect', x: 0, y: 0, label: 'a & b < c > d' });
    add(doc, { id: nid('oval'), kind: 'shape.ellipse', x: 300, y: 0, w: 200, h: 120, label: 'Actor' });
    add(doc, { id: nid('drum'), kind: 'shape.cylinder', x: 0, y: 250, label: 'Ledger' });
    add(doc, { id: nid('blank'), kind: 'shape.rect', x: 300, y: 250 });
    add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 600, y: 0 });
    value(connect(doc, { id: eid('e1'), source: nid('box'), target: nid('oval'), label: SCRIPT }));
    value(connect(doc, { id: eid('e2'), source: nid('box'), target: nid('drum'), style: 'data' }));
    value(connect(doc, { id: eid('e3'), source: nid('oval'), target: nid('fn'), style: 'async' }));
    return doc;
  }

  /** The markup of one node's group. */
  const nodeGroup = (svg: string, id: string) =>
    new RegExp(`<g class="node [a-z]+" data-id="${id}"[^>]*>.*?</g>`).exec(svg)?.[0] ?? '';

  test('SVG-4 is well-formed XML in both themes and backgrounds, every node and edge a data-id', () => {
    const board = readBoard(shapesDoc());
    expect(board.problems).toEqual([]);
    for (const theme of ['light', 'dark'] as const)
      for (const background of ['solid', 'transparent'] as const) {
        const svg = toSvg(board, { theme, background }, icons);
        expect(checkXml(svg)[0]).toBe('svg');
        for (const { id } of [...board.nodes, ...board.edges]) expect(count(svg, ` data-id="${id}"`), id).toBe(1);
      }
  });

  test('SVG-4 each shape draws its outline in the box, stroke inside it; a text label draws only its text', () => {
    const svg = toSvg(readBoard(shapesDoc()), LIGHT_SOLID, icons);
    const { shapeFill, shapeStroke } = THEMES.light;
    const paint = `fill="${shapeFill}" stroke="${shapeStroke}" stroke-width="1.5"`;
    expect(nodeGroup(svg, 'box')).toContain(`<rect x="0.75" y="0.75" width="158.5" height="94.5" ${paint} rx="6"/>`);
    expect(nodeGroup(svg, 'oval')).toContain(`<ellipse cx="400" cy="60" rx="99.25" ry="59.25" ${paint}/>`);
    const drum = nodeGroup(svg, 'drum');
    expect(drum).toContain(
      `<path d="M0.75 264.75A79.25 14 0 0 1 159.25 264.75V331.25A79.25 14 0 0 1 0.75 331.25Z" ${paint}/>`,
    );
    expect(drum).toContain(
      `<path d="M0.75 264.75A79.25 14 0 0 0 159.25 264.75" fill="none" stroke="${shapeStroke}" stroke-width="1.5"/>`,
    );
    const caption = nodeGroup(svg, 'caption');
    expect(caption).toMatch(/^<g class="node shape" data-id="caption" data-kind="shape.text"><text /);
    expect(caption).not.toMatch(/<(rect|ellipse|path)/);
    // A shape with no label draws no text at all.
    expect(nodeGroup(svg, 'blank')).not.toContain('<text');
  });

  test('SVG-4 labels are centred in the box, 14 px regular, each line a tspan, markup escaped', () => {
    const svg = toSvg(readBoard(shapesDoc()), LIGHT_SOLID, icons);
    expect(svg).not.toMatch(/<script/i);
    const caption = nodeGroup(svg, 'caption');
    expect(caption).toContain(`<text text-anchor="middle" font-size="14" fill="${THEMES.light.text}"`);
    expect(caption).not.toContain('font-weight');
    const tspans = [...caption.matchAll(/<tspan x="([\d.-]+)" y="([\d.-]+)">([^<]*)<\/tspan>/g)];
    expect(tspans.map((t) => t[3])).toEqual(['Title &lt;script&gt;alert(1)&lt;/script&gt;', 'second &amp; line']);
    for (const t of tspans) expect(Number(t[1])).toBe(200);
    // Two lines, 18.9 px apart, centred on the middle (y −50) of the 60 px box at y −80: a
    // baseline sits `toBaseline` below the top of its line box (Inter's metrics).
    const [first, second] = tspans.map((t) => Number(t[2]));
    const lineBox = 14 * 1.35;
    const toBaseline = (lineBox - 1.21 * 14) / 2 + 0.969 * 14;
    expect(second! - first!).toBeCloseTo(lineBox, 1);
    expect((first! + second!) / 2 - toBaseline + lineBox / 2).toBeCloseTo(-50, 1);
    expect(nodeGroup(svg, 'box')).toContain('>a &amp; b &lt; c &gt; d</tspan>');
    expect(nodeGroup(svg, 'oval')).toMatch(/<tspan x="400" y="[\d.]+">Actor<\/tspan>/);
  });

  test('SVG-4 the dark theme draws shapes and their text in its own colours', () => {
    const board = readBoard(shapesDoc());
    const dark = toSvg(board, { theme: 'dark', background: 'solid' }, icons);
    const light = toSvg(board, LIGHT_SOLID, icons);
    for (const id of ['box', 'oval', 'drum']) {
      expect(nodeGroup(dark, id)).toContain(`fill="${THEMES.dark.shapeFill}" stroke="${THEMES.dark.shapeStroke}"`);
      expect(nodeGroup(dark, id)).not.toContain(THEMES.light.shapeStroke);
    }
    expect(nodeGroup(dark, 'caption')).toContain(`fill="${THEMES.dark.text}"`);
    expect(nodeGroup(light, 'caption')).toContain(`fill="${THEMES.light.text}"`);
    expect(THEMES.dark.shapeFill).not.toBe(THEMES.light.shapeFill);
  });

  test('SVG-4 shapes are drawn over edges, and edges end on their box edges', () => {
    const board = readBoard(shapesDoc());
    const svg = toSvg(board, LIGHT_SOLID, icons);
    expect(svg.indexOf('<g class="edges">')).toBeLessThan(svg.indexOf('data-id="box"'));
    const { routes } = diagramLayout(board);
    const e1 = routes.find((r) => r.edge.id === 'e1')!;
    expect(e1.points[0]).toEqual({ x: 165, y: 48 });
    expect(e1.points.at(-1)).toEqual({ x: 295, y: 60 });
    for (const id of SHAPE_IDS) expect(count(svg, `data-id="${id}"`)).toBe(1);
  });
});
