import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNode,
  boardFromExport,
  serializeExport,
  toExportJson,
  type ExportDoc,
  type SnapshotInfo,
} from '@archboard/shared';
import { eventually, providerClient, synced, type ProviderClient } from '../helpers/clients';
import {
  checkXml,
  getBytes,
  getText,
  getWith,
  importBoard,
  layoutOf,
  Raster,
  hexColor,
  sampleEdges,
  type CreatedBoard,
  type HttpTarget,
} from '../helpers/exportChecks';
import { exportFixture } from '@archboard/shared/testing';
import { startRedis } from '../helpers/redis';
import { startServer, type RunningServer } from '../helpers/server';

/*
 * Version history over HTTP (`/api/boards/<id>/history`): named versions, automatic ones
 * (after HISTORY_INTERVAL_MS of activity, and when the last person leaves), their
 * survival across restarts in both stores, and exports of an old version.
 */

const SECRET = 'h'.repeat(40);
const FIXTURE_JSON = toExportJson(boardFromExport(exportFixture()));

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { AUTH_SECRET: SECRET } });
});
afterAll(async () => {
  await server.stop();
});

const historyPath = (id: string, version = '') => `/api/boards/${id}/history${version ? `/${version}` : ''}`;

async function listVersions(target: HttpTarget, board: CreatedBoard, token = board.viewToken): Promise<SnapshotInfo[]> {
  const answer = await getWith(target, historyPath(board.id), token);
  expect(answer.status, answer.text).toBe(200);
  return answer.json<{ versions: SnapshotInfo[] }>().versions;
}

async function readVersion(
  target: HttpTarget,
  board: CreatedBoard,
  id: string,
  token = board.viewToken,
): Promise<{ version: SnapshotInfo; board: ExportDoc }> {
  const answer = await getWith(target, historyPath(board.id, id), token);
  expect(answer.status, answer.text).toBe(200);
  return answer.json();
}

async function saveVersion(
  target: HttpTarget,
  board: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: { version?: SnapshotInfo | null; error?: string } }> {
  const response = await fetch(`${target.url}${historyPath(board)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { version?: SnapshotInfo; error?: string } };
}

/** A y-websocket client on the board whose presence carries `name`, synced. */
async function editorNamed(target: RunningServer, board: CreatedBoard, name: string): Promise<ProviderClient> {
  const client = providerClient(target.wsUrl, board.id, board.editToken);
  client.provider.awareness.setLocalStateField('user', { name });
  await synced(client);
  return client;
}

/** Adds a labelled node and waits until the server stores it (its export shows it); resolves with that export. */
async function addStored(target: RunningServer, client: ProviderClient, board: CreatedBoard, label: string, x = 0) {
  const added = addNode(client.doc, { kind: 'aws.sqs', x, y: 900, label });
  if (!added.ok) throw new Error(added.error.message);
  let json = '';
  await eventually(async () => {
    json = await getText(target, `/api/boards/${board.id}/export.json`, board.viewToken);
    expect(json).toContain(label);
  });
  return json;
}

const labels = (doc: ExportDoc) => doc.nodes.map((n) => n.label);

describe('version history', () => {
  it('H1 a named version lists its name, kind and editors (author included) and holds the board as it was when saved', async () => {
    const board = await importBoard(server, exportFixture());
    const ada = await editorNamed(server, board, 'Ada');
    const atSave = await addStored(server, ada, board, 'Saved with the version');

    const saved = await saveVersion(server, board.id, board.editToken, { name: 'Before launch', author: 'Grace' });
    expect(saved.status).toBe(201);
    const info = saved.body.version!;
    expect(info).toMatchObject({ name: 'Before launch', kind: 'named' });

    await addStored(server, ada, board, 'Added after saving');
    const list = await listVersions(server, board);
    const listed = list.find((v) => v.id === info.id);
    expect(listed).toEqual(info);
    expect(listed!.editors).toEqual(expect.arrayContaining(['Ada', 'Grace']));

    const read = await readVersion(server, board, info.id);
    expect(read.version).toEqual(info);
    expect(serializeExport(read.board)).toBe(atSave);
    expect(labels(read.board)).toContain('Saved with the version');
    expect(labels(read.board)).not.toContain('Added after saving');
  });

  it('H8 a board made from a file has the file as its first version (kind imported, kept like a named one); a blank board has none', async () => {
    const file = exportFixture();
    const board = await importBoard(server, file);
    const list = await listVersions(server, board);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: 'imported', name: `Imported: ${file.title}`, editors: [] });
    const read = await readVersion(server, board, list[0]!.id);
    expect(serializeExport(read.board)).toBe(FIXTURE_JSON);

    // A visit that edits nothing adds no version.
    const ada = await editorNamed(server, board, 'Ada');
    ada.destroy();
    await new Promise((done) => setTimeout(done, 500));
    expect(await listVersions(server, board)).toHaveLength(1);

    const blank = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Blank' }),
    });
    expect(blank.status).toBe(201);
    expect(await listVersions(server, (await blank.json()) as CreatedBoard)).toEqual([]);
  });

  it('H2 a view token cannot save a version (403) but lists and reads them; bad requests are 400 and 404', async () => {
    const board = await importBoard(server, exportFixture());
    const saved = await saveVersion(server, board.id, board.editToken, { name: 'Named by the editor' });
    expect(saved.status).toBe(201);
    const refused = await saveVersion(server, board.id, board.viewToken, { name: 'Named by a viewer' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/view/);

    const list = await listVersions(server, board, board.viewToken);
    // newest first: the version named here, then the file the board was made from
    expect(list.map((v) => v.name)).toEqual(['Named by the editor', `Imported: ${exportFixture().title}`]);
    const read = await readVersion(server, board, saved.body.version!.id, board.viewToken);
    expect(serializeExport(read.board)).toBe(FIXTURE_JSON);

    // Only people name versions, and only edit links save them.
    for (const body of [{ name: '' }, { name: 'x', kind: 'auto' }, { name: 'x', extra: 1 }, 'not json']) {
      const bad = await saveVersion(server, board.id, board.editToken, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    const other = await importBoard(server, exportFixture());
    expect((await saveVersion(server, board.id, other.editToken, { name: 'x' })).status).toBe(403);
    expect((await getWith(server, historyPath(board.id))).status).toBe(401);
    expect((await getWith(server, historyPath(board.id, 'no-such-version'), board.viewToken)).status).toBe(404);
    expect((await getWith(server, historyPath(board.id, 'bad!id'), board.viewToken)).status).toBe(400);
    expect((await listVersions(server, board)).length).toBe(2);
  });

  describe('automatic versions (HISTORY_INTERVAL_MS=2000)', () => {
    let quick: RunningServer;
    beforeAll(async () => {
      quick = await startServer({ env: { AUTH_SECRET: SECRET, HISTORY_INTERVAL_MS: '2000' } });
    });
    afterAll(async () => {
      await quick.stop();
    });

    /** A client edits, the server stores it, the client leaves; resolves with the version kept. */
    async function editAndLeave(name: string) {
      const board = await importBoard(quick, exportFixture());
      const client = await editorNamed(quick, board, name);
      const firstEdit = Date.now();
      const stored = await addStored(quick, client, board, `Made by ${name} before leaving`);
      const imported = await listVersions(quick, board);
      expect(imported.map((v) => v.kind)).toEqual(['imported']);
      client.destroy();
      let left: SnapshotInfo | undefined;
      await eventually(async () => {
        left = (await listVersions(quick, board)).find((v) => v.kind === 'auto');
        expect(left).toBeDefined();
      }, 5000);
      return { board, firstEdit, stored, left: left!, imported: imported[0]! };
    }

    it('H3 when the last client leaves, an automatic version is kept at once, holding the edit', async () => {
      const { board, firstEdit, stored, left, imported } = await editAndLeave('Lin');
      // At once: well before the interval would have ended.
      expect(left.createdAt).toBeLessThan(firstEdit + 2000);
      expect(serializeExport((await readVersion(quick, board, left.id)).board)).toBe(stored);
      // Nothing changed since: the interval ending adds no second version.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstEdit + 2300 - Date.now())));
      expect((await listVersions(quick, board)).map((v) => v.id)).toEqual([left.id, imported.id]);
    });

    it('H3 the version kept when the last client leaves lists who edited', async () => {
      const { left } = await editAndLeave('Noor');
      expect(left.editors).toContain('Noor');
    });

    it('H3 during continuous activity an automatic version is kept once HISTORY_INTERVAL_MS has run', async () => {
      const busy = await importBoard(quick, exportFixture());
      const max = await editorNamed(quick, busy, 'Max');
      const started = Date.now();
      await addStored(quick, max, busy, 'First of many');
      let auto: SnapshotInfo | undefined;
      for (let i = 0; !auto; i++) {
        expect(Date.now() - started, 'no automatic version after 6 s of edits').toBeLessThan(6000);
        expect(addNode(max.doc, { kind: 'aws.lambda', x: 200 * i, y: 1200, label: `Busy ${i}` }).ok).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 200));
        auto = (await listVersions(quick, busy)).find((v) => v.kind === 'auto');
      }
      expect(max.provider.wsconnected).toBe(true); // still connected: this one did not come from leaving
      expect(auto.createdAt).toBeGreaterThanOrEqual(started + 2000 - 50);
      expect(auto.editors).toContain('Max');
      const kept = (await readVersion(quick, busy, auto.id)).board;
      expect(labels(kept)).toContain('First of many');
      expect(labels(kept)).toContain('Busy 0');
    });
  });

  it('H4 versions survive a restart, in the embedded store and in Redis', async () => {
    const redis = await startRedis();
    try {
      const modes: [string, Record<string, string>][] = [
        ['embedded', { AUTH_SECRET: SECRET }],
        ['redis', { AUTH_SECRET: SECRET, REDIS_URL: redis.url }],
      ];
      await Promise.all(
        modes.map(async ([mode, env]) => {
          const first = await startServer({ env });
          const board = await importBoard(first, exportFixture());
          const kim = await editorNamed(first, board, 'Kim');
          await addStored(first, kim, board, `Edited in ${mode} mode`);
          const named = await saveVersion(first, board.id, board.editToken, { name: `Named in ${mode}` });
          expect(named.status, mode).toBe(201);
          await addStored(first, kim, board, `Then more in ${mode} mode`, 400);
          kim.destroy();
          let before: SnapshotInfo[] = [];
          await eventually(async () => {
            before = await listVersions(first, board);
            expect(before.map((v) => v.kind).sort(), mode).toEqual(['auto', 'imported', 'named']);
          }, 5000);
          const contents = await Promise.all(before.map((v) => readVersion(first, board, v.id)));
          expect(await first.stop(), mode).toBe(0);

          const second = await startServer({ env, dataDir: first.dataDir });
          try {
            expect(await listVersions(second, board), mode).toEqual(before);
            for (const [i, v] of before.entries())
              expect(await readVersion(second, board, v.id), `${mode} ${v.kind}`).toEqual(contents[i]);
            const auto = contents.find((c) => c.version.kind === 'auto')!;
            expect(labels(auto.board), mode).toContain(`Then more in ${mode} mode`);
          } finally {
            await second.stop();
          }
        }),
      );
    } finally {
      await redis.stop();
    }
  });

  it('H5 exports of an old version: export.json, svg and png ?version= draw the version, not the board now', async () => {
    const board = await importBoard(server, exportFixture());
    const saved = await saveVersion(server, board.id, board.editToken, { name: 'Launch' });
    const id = saved.body.version!.id;
    // Afterwards a node far to the right: the board now is wider than the version.
    const editor = await editorNamed(server, board, 'Ada');
    const now = await addStored(server, editor, board, 'Far away, added later', 5000);
    const old = serializeExport((await readVersion(server, board, id)).board);
    expect(old).toBe(FIXTURE_JSON);

    const q = `?version=${id}`;
    expect(await getText(server, `/api/boards/${board.id}/export.json${q}`, board.viewToken)).toBe(old);
    const oldLayout = layoutOf(old).layout;
    const nowLayout = layoutOf(now).layout;
    expect(nowLayout.bounds.w).toBeGreaterThan(oldLayout.bounds.w);

    const svg = await getText(server, `/api/boards/${board.id}/export.svg${q}`, board.viewToken);
    const { x, y, w, h } = oldLayout.bounds;
    expect(checkXml(svg)[0]!.attributes.get('viewBox')).toBe(`${x} ${y} ${w} ${h}`);
    expect(svg).not.toContain('Far away');

    const light = hexColor('#ffffff');
    const png = new Raster(
      await getBytes(server, `/api/boards/${board.id}/export.png${q}&scale=2`, board.viewToken),
      oldLayout.bounds,
      2,
      light,
    );
    expect([png.width, png.height]).toEqual([oldLayout.bounds.w * 2, oldLayout.bounds.h * 2]);
    expect(sampleEdges(png, oldLayout).filter((s) => s.missed.length > 0)).toEqual([]);
    const current = new Raster(
      await getBytes(server, `/api/boards/${board.id}/export.png`, board.viewToken),
      nowLayout.bounds,
      1,
      light,
    );
    expect([current.width, current.height]).toEqual([nowLayout.bounds.w, nowLayout.bounds.h]);

    const oldTag = (await getWith(server, `/api/boards/${board.id}/export.png${q}`, board.viewToken)).headers.get(
      'etag',
    );
    const nowTag = (await getWith(server, `/api/boards/${board.id}/export.png`, board.viewToken)).headers.get('etag');
    expect(oldTag).not.toBe(nowTag);
    const missing = await getWith(
      server,
      `/api/boards/${board.id}/export.png?version=0000000000-nope`,
      board.viewToken,
    );
    expect(missing.status).toBe(404);
  });

  it('H5 the Markdown export of a version embeds that version’s picture', async () => {
    const board = await importBoard(server, exportFixture());
    const saved = await saveVersion(server, board.id, board.editToken, { name: 'Launch' });
    const id = saved.body.version!.id;
    const md = await getText(server, `/api/boards/${board.id}/export.md?version=${id}`, board.viewToken);
    const link = /!\[[^\]]*\]\((http[^)]+)\)/.exec(md)?.[1];
    expect(link).toBeDefined();
    expect(new URL(link!).searchParams.get('version')).toBe(id);
  });
});
