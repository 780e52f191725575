import { Redis } from 'ioredis';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNode,
  boardFromExport,
  catalogEntry,
  EDGE_STYLES,
  newBoardId,
  renameNode,
  THEMES,
  toExportJson,
  type ExportDoc,
  type NodeId,
} from '@archboard/shared';
import { eventually, providerClient, synced } from '../helpers/clients';
import {
  checkXml,
  getBytes,
  getText,
  getWith,
  hexColor,
  iconBox,
  importBoard,
  layoutOf,
  Raster,
  sampleEdges,
  tokensFor,
  unescapeXml,
  type EdgeSampling,
} from '../helpers/exportChecks';
import { bigBoard, exportFixture } from '@archboard/shared/testing';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { openRooms, startServer, type RunningServer } from '../helpers/server';

/*
 * The export routes (`GET /api/boards/<id>/export.json|svg|png|md`) and import
 * (`POST /api/boards` with an export file), against the built server.
 */

const SECRET = 'x'.repeat(40);
const FIXTURE_JSON = toExportJson(boardFromExport(exportFixture()));
const LIGHT = hexColor(THEMES.light.background);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { AUTH_SECRET: SECRET } });
});
afterAll(async () => {
  await server.stop();
});

const exportPath = (id: string, format: string, query = '') => `/api/boards/${id}/export.${format}${query}`;

/** Every route sample that found no drawn pixel, by edge, for the failure message. */
const misses = (sampled: EdgeSampling[]) =>
  sampled.filter((s) => s.missed.length > 0).map((s) => `${s.edge} (${s.style}): ${JSON.stringify(s.missed)}`);

describe('exports over HTTP', () => {
  it('X1 JSON round trip: import, export, import the export, export again: the same bytes, equal to toExportJson', async () => {
    const first = await importBoard(server, exportFixture());
    const exported = await getText(server, exportPath(first.id, 'json'), first.viewToken);
    expect(exported).toBe(FIXTURE_JSON);
    const second = await importBoard(server, exported);
    expect(second.id).not.toBe(first.id);
    const again = await getText(server, exportPath(second.id, 'json'), second.editToken);
    expect(Buffer.from(again)).toEqual(Buffer.from(exported));
    // the fixture kept its ids, nested parents, every edge style and the text that needs escaping
    const doc = JSON.parse(again) as ExportDoc;
    expect(doc.nodes.map((n) => n.id).sort()).toEqual(
      exportFixture()
        .nodes.map((n) => n.id)
        .sort(),
    );
    expect(new Set(doc.edges.map((e) => e.style))).toEqual(new Set(EDGE_STYLES));
    expect(doc.nodes.find((n) => n.id === 'api')?.label).toBe('Orders <API> & co 🚀');
  });

  it('X2 SVG of the fixture: well-formed, a data-id for every node and edge, markup only escaped, view box = bounds', async () => {
    // The fixture, plus one node whose label is a script tag.
    const file = exportFixture();
    const script = '<script>alert("x")</script>';
    file.nodes.push({ id: 'xss', kind: 'aws.s3', x: -300, y: -200, label: script, notes: script, z: 1 });
    const board = await importBoard(server, file);
    const svg = await getText(server, exportPath(board.id, 'svg'), board.viewToken);
    const elements = checkXml(svg);
    expect(elements[0]!.name).toBe('svg');

    const { board: expected, layout } = layoutOf(file);
    const ids = elements.flatMap((e) =>
      e.attributes.has('data-id') ? [unescapeXml(e.attributes.get('data-id')!)] : [],
    );
    expect(ids.sort()).toEqual([...expected.nodes.map((n) => n.id), ...expected.edges.map((e) => e.id)].sort());

    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toContain('<API>');
    expect(svg).not.toContain('<v2>');
    const title = elements.find((e) => e.name === 'title')!;
    expect(title.text).toBe('Checkout &lt;v2&gt; &amp; friends 🚀');
    const xssText = elements
      .filter((e) => e.name === 'tspan')
      .map((e) => unescapeXml(e.text))
      .filter((t) => t.includes('alert'));
    expect(xssText.join(' ')).toContain('alert');
    expect(svg).toContain('&lt;script&gt;');
    const apiText = svg.slice(svg.indexOf('data-id="api"'), svg.indexOf('</g>', svg.indexOf('data-id="api"')));
    expect(apiText).toContain('Orders &lt;API&gt; &amp;');

    const root = elements[0]!.attributes;
    const { x, y, w, h } = layout.bounds;
    expect(root.get('viewBox')).toBe(`${x} ${y} ${w} ${h}`);
    expect([root.get('width'), root.get('height')]).toEqual([String(w), String(h)]);
    expect(svg).toContain(`fill="${THEMES.light.background}"`);
  });

  it('X3 PNG of the fixture at 1x, 2x and 4x: size = bounds × scale, every edge drawn along its route, not blank; transparent and dark', async () => {
    const board = await importBoard(server, exportFixture());
    const { layout } = layoutOf(FIXTURE_JSON);
    const { bounds } = layout;
    for (const scale of [1, 2, 4]) {
      const png = await getBytes(server, exportPath(board.id, 'png', `?scale=${scale}`), board.viewToken);
      const raster = new Raster(png, bounds, scale, LIGHT);
      expect([raster.width, raster.height], `${scale}x`).toEqual([bounds.w * scale, bounds.h * scale]);
      expect(raster.pixel(0, 0)).toEqual([...LIGHT, 255]);

      const sampled = sampleEdges(raster, layout);
      expect(sampled.map((s) => s.edge).sort()).toEqual(
        exportFixture()
          .edges.map((e) => e.id)
          .sort(),
      );
      for (const s of sampled) expect(s.samples, `${s.edge} sampled at ${scale}x`).toBeGreaterThan(3);
      expect(misses(sampled), `${scale}x: edge samples with nothing drawn`).toEqual([]);

      // Not blank: every icon is there, every container's border is drawn.
      for (const l of layout.layouts.values()) {
        if (l.shape === 'service') {
          const icon = iconBox(l);
          const share = raster.countDrawn(icon) / (icon.w * icon.h * scale * scale);
          expect(share, `${l.node.id}'s icon at ${scale}x`).toBeGreaterThan(0.08);
        } else if (l.shape === 'group') {
          const [ix, iy] = raster.toImage(l.box.x + l.box.w / 2, l.box.y + 1.5);
          expect(raster.drawnAt(ix, iy), `${l.node.id}'s top border at ${scale}x`).toBe(true);
        } else {
          expect(raster.countDrawn(l.box), `note ${l.node.id} at ${scale}x`).toBeGreaterThan(l.box.w * scale);
        }
      }
      expect(raster.countDrawn()).toBeGreaterThan(0.005 * raster.width * raster.height);
    }

    const clear = new Raster(
      await getBytes(server, exportPath(board.id, 'png', '?background=transparent'), board.viewToken),
      bounds,
      1,
      LIGHT,
    );
    expect(clear.pixel(0, 0)[3]).toBe(0);
    expect(clear.pixel(clear.width - 1, clear.height - 1)[3]).toBe(0);
    expect(misses(sampleEdges(clear, layout))).toEqual([]);

    const darkBackground = hexColor(THEMES.dark.background);
    const dark = new Raster(
      await getBytes(server, exportPath(board.id, 'png', '?theme=dark'), board.viewToken),
      bounds,
      1,
      darkBackground,
    );
    const [r, g, b, a] = dark.pixel(0, 0);
    expect([r, g, b, a]).toEqual([...darkBackground, 255]);
    expect(0.2126 * r + 0.7152 * g + 0.0722 * b).toBeLessThan(40);
    expect(misses(sampleEdges(dark, layout))).toEqual([]);
  }, 90_000);

  it('X4 a 4x PNG of a 300-node board is neither blank nor cut off', async () => {
    const file = bigBoard(300);
    const board = await importBoard(server, file);
    const { layout } = layoutOf(file);
    const { bounds } = layout;
    const raster = new Raster(
      await getBytes(server, exportPath(board.id, 'png', '?scale=4'), board.editToken),
      bounds,
      4,
      LIGHT,
    );
    expect([raster.width, raster.height]).toEqual([bounds.w * 4, bounds.h * 4]);
    // The far-right, bottom node: its icon is drawn, well inside the picture.
    const last = layout.layouts.get('n299')!;
    expect(last.box.x + last.box.w).toBe(Math.max(...[...layout.layouts.values()].map((l) => l.box.x + l.box.w)));
    expect(last.box.y).toBe(Math.max(...[...layout.layouts.values()].map((l) => l.box.y)));
    const icon = iconBox(last);
    expect(raster.countDrawn(icon) / (icon.w * icon.h * 16)).toBeGreaterThan(0.3);
    // Every node's icon is there, in every strip the server rendered, and every edge is drawn.
    const blankIcons = [...layout.layouts.values()]
      .filter((l) => raster.countDrawn(iconBox(l)) < 0.3 * 48 * 48 * 16)
      .map((l) => l.node.id);
    expect(blankIcons).toEqual([]);
    expect(misses(sampleEdges(raster, layout, 10))).toEqual([]);
  }, 60_000);

  it('X5 auth and errors: view and edit tokens, 401, 403, 404, bad options 400, too many pixels 413', async () => {
    const [board, other] = await Promise.all([
      importBoard(server, exportFixture()),
      importBoard(server, { ...exportFixture(), title: 'Other' }),
    ]);
    const json = exportPath(board.id, 'json');
    expect((await getWith(server, json, board.viewToken)).status).toBe(200);
    expect((await getWith(server, json, board.editToken)).status).toBe(200);
    const byQuery = await getWith(server, `${json}?token=${board.viewToken}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.text).toBe(FIXTURE_JSON);

    expect((await getWith(server, json)).status).toBe(401);
    const [header, payload] = board.editToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const wrongSecret = (await tokensFor('y'.repeat(40), board.id)).editToken;
    for (const token of [forged, wrongSecret, 'garbage']) {
      const response = await getWith(server, json, token);
      expect(response.status, token).toBe(401);
      expect(response.json().error).toMatch(/token/);
    }
    const forbidden = await getWith(server, json, other.viewToken);
    expect(forbidden.status).toBe(403);
    expect(forbidden.json().error).toMatch(/another board/);

    // A token properly signed for a board id that was never created.
    const never = newBoardId();
    const neverTokens = await tokensFor(SECRET, never);
    for (const format of ['json', 'svg', 'png', 'md']) {
      const response = await getWith(server, exportPath(never, format), neverTokens.viewToken);
      expect(response.status, format).toBe(404);
    }

    const bad = async (path: string, named: RegExp) => {
      const response = await getWith(server, path, board.viewToken);
      expect(response.status, path).toBe(400);
      expect(response.json().error, path).toMatch(named);
    };
    await bad(exportPath(board.id, 'png', '?scale=3'), /scale/);
    await bad(exportPath(board.id, 'svg', '?theme=blue'), /theme/);
    await bad(exportPath(board.id, 'png', '?background=checkered'), /background/);
    await bad(exportPath(board.id, 'json', '?version=..%2F..'), /version/);
    await bad(exportPath(board.id, 'pdf'), /format/);

    // 4x of a 600-node board is 3,612 × 4,804 × 16 ≈ 278 megapixels, over the default 200.
    const huge = await importBoard(server, bigBoard(600));
    const tooBig = await getWith(server, exportPath(huge.id, 'png', '?scale=4'), huge.viewToken);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json().error).toMatch(/EXPORT_MAX_PIXELS/);
  });

  it('X6 ETag: stable while the board is unchanged, 304 on If-None-Match, a new one after an edit', async () => {
    const board = await importBoard(server, exportFixture());
    for (const format of ['json', 'svg', 'png', 'md']) {
      const path = exportPath(board.id, format);
      const first = await getWith(server, path, board.viewToken);
      const second = await getWith(server, path, board.viewToken);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag, format).toMatch(/^"[^"]+"$/);
      expect(second.headers.get('etag')).toBe(etag);
      expect(second.body).toEqual(first.body);
      const cached = await getWith(server, path, board.viewToken, { 'if-none-match': etag! });
      expect(cached.status, format).toBe(304);
      expect(cached.body.byteLength).toBe(0);
      expect(cached.headers.get('etag')).toBe(etag);
    }
    // Options are part of the tag: another scale is another picture.
    const png1 = (await getWith(server, exportPath(board.id, 'png'), board.viewToken)).headers.get('etag');
    const png2 = (await getWith(server, exportPath(board.id, 'png', '?scale=2'), board.viewToken)).headers.get('etag');
    expect(png2).not.toBe(png1);

    const path = exportPath(board.id, 'json');
    const before = (await getWith(server, path, board.viewToken)).headers.get('etag')!;
    const editor = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(editor);
    expect(renameNode(editor.doc, 'db' as NodeId, 'Orders table v2').ok).toBe(true);
    let after = before;
    await eventually(async () => {
      const response = await getWith(server, path, board.viewToken);
      after = response.headers.get('etag')!;
      expect(response.text).toContain('Orders table v2');
    });
    expect(after).not.toBe(before);
    const stale = await getWith(server, path, board.viewToken, { 'if-none-match': before });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).toBe(after);
    expect(stale.text).toContain('Orders table v2');
    const fresh = await getWith(server, path, board.viewToken, { 'if-none-match': `"other", ${after}` });
    expect(fresh.status).toBe(304);
  });
});

describe('import refusals and exports across instances (Redis)', () => {
  let redis: RunningRedis;
  let instances: RunningServer[];
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    const env = (i: number) => ({ REDIS_URL: redis.url, AUTH_SECRET: SECRET, INSTANCE_ID: `export${i}` });
    instances = await Promise.all([startServer({ env: env(0) }), startServer({ env: env(1) })]);
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await Promise.all(instances.map((s) => s.stop()));
    await redis.stop();
  });

  it('X7 a bad file is refused with 400 naming what and where, and creates no board', async () => {
    const [one] = instances as [RunningServer];
    const post = (body: string) =>
      fetch(`${one.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // A board that is created shows in Redis: the check below can see one.
    const keysBefore = await client.dbsize();
    await importBoard(one, exportFixture());
    const keysWithOne = await client.dbsize();
    expect(keysWithOne).toBeGreaterThan(keysBefore);

    const nodes = exportFixture().nodes;
    const api = nodes.findIndex((n) => n.id === 'api');
    const badX = JSON.stringify(
      { ...exportFixture(), nodes: nodes.map((n, i) => (i === api ? { ...n, x: 'abc' } : n)) },
      null,
      2,
    );
    const cases: [string, string, RegExp][] = [
      ['not JSON', FIXTURE_JSON.slice(0, 200), /not JSON/],
      ['unknown formatVersion', FIXTURE_JSON.replace('"formatVersion": 1', '"formatVersion": 2'), /formatVersion 2/],
      ['x is a string', badX, /field "x" of node "api" is not a number \(it is a string\)/],
      [
        'an edge to a missing node',
        FIXTURE_JSON.replace('"target": "replica"', '"target": "ghost"'),
        /edge "e-db-replica" ends at "ghost", which is not a node/,
      ],
    ];
    for (const [what, body, message] of cases) {
      const response = await post(body);
      expect(response.status, what).toBe(400);
      const answer = (await response.json()) as { error: string; problems?: string[]; id?: string };
      expect(answer.error, what).toMatch(message);
      expect(answer.id, what).toBeUndefined();
      if (what !== 'not JSON') expect(answer.problems, what).toEqual(expect.arrayContaining([answer.error]));
    }
    expect(await client.dbsize()).toBe(keysWithOne);
  });

  it('X8 an instance that does not have the board open exports it from the store, edits included', async () => {
    const [zero, one] = instances as [RunningServer, RunningServer];
    const board = await importBoard(zero, exportFixture());
    const editor = providerClient(zero.wsUrl, board.id, board.editToken);
    await synced(editor);
    const added = addNode(editor.doc, { kind: 'aws.sns', x: 1400, y: -1200, label: 'Made on instance 0' });
    if (!added.ok) throw new Error(added.error.message);

    expect(await openRooms(zero)).toBe(1);
    let json = '';
    await eventually(async () => {
      json = await getText(one, exportPath(board.id, 'json'), board.viewToken);
      expect(json).toContain('Made on instance 0');
    });
    // Straight from the store: instance 1 never opened the board.
    expect(await openRooms(one)).toBe(0);
    const onZero = await getText(zero, exportPath(board.id, 'json'), board.viewToken);
    expect(json).toBe(onZero);

    const { layout } = layoutOf(json);
    const raster = new Raster(
      await getBytes(one, exportPath(board.id, 'png'), board.viewToken),
      layout.bounds,
      1,
      LIGHT,
    );
    expect([raster.width, raster.height]).toEqual([layout.bounds.w, layout.bounds.h]);
    const sns = layout.layouts.get(added.value)!;
    expect(catalogEntry(sns.node.kind)?.shape).toBe('service');
    expect(raster.countDrawn(iconBox(sns))).toBeGreaterThan(0.3 * 48 * 48);
    expect(misses(sampleEdges(raster, layout))).toEqual([]);
    expect(await openRooms(one)).toBe(0);
    editor.destroy();
  });

  it('X8 the Markdown export links a PNG the same instance serves', async () => {
    const [, one] = instances as [RunningServer, RunningServer];
    const board = await importBoard(instances[0]!, exportFixture());
    const md = await getText(one, exportPath(board.id, 'md'), board.editToken);
    const link = /!\[[^\]]*\]\((http[^)]+)\)/.exec(md)?.[1];
    expect(link).toBeDefined();
    expect(link!.startsWith(`${one.url}/api/boards/${board.id}/export.png?token=`)).toBe(true);
    const png = await fetch(link!); // the link alone, as an <img> or a wiki would fetch it
    expect(png.status).toBe(200);
    expect(PNG.sync.read(Buffer.from(await png.arrayBuffer())).width).toBe(layoutOf(FIXTURE_JSON).layout.bounds.w);
    expect(png.headers.get('content-type')).toBe('image/png');
    // the link carries a view token: it cannot save versions
    const token = new URL(link!).searchParams.get('token')!;
    const save = await fetch(`${one.url}/api/boards/${board.id}/history`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'nope' }),
    });
    expect(save.status).toBe(403);
    await save.text();
  });
});
