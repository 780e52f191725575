import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, boardMaps, readBoard, removeNodes, renameNode, type BoardId } from '@archboard/shared';
import { snapshotId, type SnapshotInfo, type SnapshotKind, type Store } from './Store';

/**
 * The contract every Store implementation keeps, run against each of them (after
 * tldraw's storageContractSuite): `factory` makes a fresh store over fresh storage, and
 * `reopen` a second store over the same storage, as a restart would.
 */
export function storeContract(
  name: string,
  factory: () => Promise<{ store: Store; reopen: () => Promise<Store>; cleanup?: () => Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let reopen: () => Promise<Store>;
    let cleanup: (() => Promise<void>) | undefined;
    const board = (suffix: string) => `contract-${suffix}-${Math.random().toString(36).slice(2, 8)}` as BoardId;

    beforeEach(async () => {
      ({ store, reopen, cleanup } = await factory());
    });
    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    const replay = (updates: Uint8Array[]) => {
      const doc = new Y.Doc();
      updates.forEach((u) => Y.applyUpdate(doc, u));
      return doc;
    };
    /** The whole board as JSON (root types must be instantiated before toJSON shows them). */
    const json = (doc: Y.Doc) => (boardMaps(doc), doc.toJSON());
    const hex = (bytes: Uint8Array | undefined) => bytes && Buffer.from(bytes).toString('hex');

    /** A version of a board holding `nodes` nodes, as the history takes it: info and full state. */
    const version = (createdAt: number, kind: SnapshotKind = 'auto', nodes = 1) => {
      const doc = new Y.Doc();
      for (let i = 0; i < nodes; i++) addNode(doc, { kind: 'aws.lambda', x: i, y: 0, label: `fn ${i} café ☁️` });
      const state = Y.encodeStateAsUpdate(doc);
      const info: SnapshotInfo = {
        id: snapshotId(createdAt),
        createdAt,
        kind,
        name: kind === 'named' ? 'Before the migration' : 'Autosave',
        editors: ['Ann', 'Bo Ø'],
        hash: `h${createdAt}`,
        bytes: state.byteLength,
      };
      return { info, state };
    };

    it('S1 a board never written loads as nothing', async () => {
      expect((await store.load(board('empty'))).updates).toEqual([]);
    });

    it('S2 loads what was appended, in order, and keeps boards apart', async () => {
      const a = board('a');
      const b = board('b');
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 10; i++) addNode(doc, { kind: 'aws.sqs', x: i, y: 0 });
      for (const u of updates) await store.append(a, u);
      await store.append(b, updates[0]!);
      const loaded = (await store.load(a)).updates;
      expect(loaded.map((u) => Buffer.from(u).toString('hex'))).toEqual(
        updates.map((u) => Buffer.from(u).toString('hex')),
      );
      expect((await store.load(b)).updates).toHaveLength(1);
    });

    it('S3 survives a reopen (restart) whole', async () => {
      const a = board('restart');
      const doc = new Y.Doc();
      doc.on('update', (u: Uint8Array) => void store.append(a, u));
      const id = addNode(doc, { kind: 'aws.lambda', x: 1, y: 2 });
      if (id.ok) renameNode(doc, id.value, 'worker');
      await new Promise((r) => setTimeout(r, 10));
      await store.close();
      store = await reopen();
      expect(readBoard(replay((await store.load(a)).updates)).nodes.map((n) => n.label)).toEqual(['worker']);
    });

    it('S4 compaction shrinks the log and keeps the board equal', async () => {
      const a = board('compact');
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 50; i++) addNode(doc, { kind: 'generic.queue', x: i, y: i, label: `q${i}` });
      for (const u of updates) await store.append(a, u);
      await store.compact(a);
      const loaded = (await store.load(a)).updates;
      expect(loaded.length).toBeLessThan(updates.length);
      expect(json(replay(loaded))).toEqual(json(doc));
    });

    it('S5 appends made during and after compaction are kept', async () => {
      const a = board('concurrent');
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 20; i++) addNode(doc, { kind: 'aws.s3', x: i, y: 0 });
      for (const u of updates.splice(0)) await store.append(a, u);
      for (let i = 0; i < 20; i++) addNode(doc, { kind: 'aws.ec2', x: i, y: 1 });
      await Promise.all([store.compact(a), ...updates.splice(0).map((u) => store.append(a, u))]);
      expect(json(replay((await store.load(a)).updates))).toEqual(json(doc));
    });

    it('S6 ping resolves while the store is up', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('S7 a saved version is listed with its info and reads back byte for byte', async () => {
      const a = board('version');
      const v = version(Date.UTC(2025, 0, 2, 3, 4, 5), 'named', 3);
      await store.saveSnapshot(a, v.info, v.state);
      expect(await store.listSnapshots(a)).toEqual([v.info]);
      const read = await store.readSnapshot(a, v.info.id);
      expect(read).toBeInstanceOf(Uint8Array);
      expect(hex(read)).toEqual(hex(v.state));
      expect(readBoard(replay([read!])).nodes).toHaveLength(3);
    });

    it('S8 versions list newest first (by createdAt, then id) and boards stay apart', async () => {
      const a = board('versions-a');
      const b = board('versions-b');
      const t = Date.UTC(2025, 0, 2);
      const [v1, v2, v3] = [version(t), version(t + 60_000, 'named'), version(t + 120_000, 'restore')];
      const tie = [version(t + 60_000), version(t + 60_000)].map((v, i) => ({
        ...v,
        info: { ...v.info, id: `tie-${i}` },
      }));
      for (const v of [v2, v1, tie[0]!, v3, tie[1]!]) await store.saveSnapshot(a, v.info, v.state);
      const other = version(t + 999_999);
      await store.saveSnapshot(b, other.info, other.state);
      const ids = (list: SnapshotInfo[]) => list.map((s) => s.id);
      const sameTime = [v2.info.id, 'tie-1', 'tie-0'].sort().reverse();
      expect(ids(await store.listSnapshots(a))).toEqual([v3.info.id, ...sameTime, v1.info.id]);
      expect(await store.listSnapshots(b)).toEqual([other.info]);
      expect(await store.listSnapshots(board('versions-none'))).toEqual([]);
      expect(await store.readSnapshot(b, v1.info.id)).toBeUndefined();
    });

    it('S9 deleteSnapshots removes just the given versions of the board and ignores unknown ids', async () => {
      const a = board('forget-a');
      const b = board('forget-b');
      const t = Date.UTC(2025, 0, 2);
      const [v1, v2, v3] = [version(t), version(t + 1000), version(t + 2000)];
      for (const v of [v1, v2, v3]) await store.saveSnapshot(a, v.info, v.state);
      await store.saveSnapshot(b, v1.info, v1.state); // the same id on another board
      await store.deleteSnapshots(a, [v1.info.id, 'no-such-version', v3.info.id]);
      await store.deleteSnapshots(a, []);
      expect(await store.listSnapshots(a)).toEqual([v2.info]);
      expect(await store.readSnapshot(a, v1.info.id)).toBeUndefined();
      expect(await store.readSnapshot(a, v3.info.id)).toBeUndefined();
      expect(await store.readSnapshot(a, 'no-such-version')).toBeUndefined();
      expect(hex(await store.readSnapshot(a, v2.info.id))).toEqual(hex(v2.state));
      expect(await store.listSnapshots(b)).toEqual([v1.info]);
      expect(hex(await store.readSnapshot(b, v1.info.id))).toEqual(hex(v1.state));
    });

    it('S10 versions survive a reopen (restart)', async () => {
      const a = board('versions-restart');
      const [v1, v2] = [version(Date.UTC(2025, 0, 2), 'auto', 2), version(Date.UTC(2025, 0, 3), 'named')];
      for (const v of [v1, v2]) await store.saveSnapshot(a, v.info, v.state);
      await store.close();
      store = await reopen();
      expect(await store.listSnapshots(a)).toEqual([v2.info, v1.info]);
      expect(hex(await store.readSnapshot(a, v1.info.id))).toEqual(hex(v1.state));
      expect(hex(await store.readSnapshot(a, v2.info.id))).toEqual(hex(v2.state));
    });

    it('S11 compaction of the update log leaves the board versions as they were', async () => {
      const a = board('versions-compact');
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 20; i++) addNode(doc, { kind: 'aws.sqs', x: i, y: 0 });
      for (const u of updates) await store.append(a, u);
      const [v1, v2] = [version(Date.UTC(2025, 0, 2)), version(Date.UTC(2025, 0, 3), 'restore', 4)];
      for (const v of [v1, v2]) await store.saveSnapshot(a, v.info, v.state);
      await store.compact(a);
      expect((await store.load(a)).updates.length).toBeLessThan(updates.length);
      expect(await store.listSnapshots(a)).toEqual([v2.info, v1.info]);
      expect(hex(await store.readSnapshot(a, v1.info.id))).toEqual(hex(v1.state));
      expect(hex(await store.readSnapshot(a, v2.info.id))).toEqual(hex(v2.state));
    });

    it('S12 compaction reports the bytes the board stores after it, as load returns them', async () => {
      const a = board('size');
      const bytes = async () => (await store.load(a)).updates.reduce((sum, u) => sum + u.byteLength, 0);
      expect(await store.compact(a)).toBe(0); // a board never written stores nothing
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      const id = addNode(doc, { kind: 'aws.s3', x: 0, y: 0, label: 'x'.repeat(10_000) });
      for (let i = 0; i < 10; i++) addNode(doc, { kind: 'aws.sqs', x: i, y: 1 });
      for (const u of updates.splice(0)) await store.append(a, u);
      const before = await bytes();
      expect(await store.compact(a)).toBe(await bytes());
      if (id.ok) removeNodes(doc, [id.value]); // deleted content leaves the store at the next compaction
      for (const u of updates.splice(0)) await store.append(a, u);
      const after = await store.compact(a);
      expect(after).toBe(await bytes());
      expect(after).toBeLessThan(before - 9000);
    });

    it('S-LINK-1 a board never reset (or never written) is of link generation 0', async () => {
      expect(await store.linkGeneration(board('links-new'))).toBe(0);
      const a = board('links-written');
      await store.append(a, Y.encodeStateAsUpdate(new Y.Doc()));
      expect(await store.linkGeneration(a)).toBe(0);
    });

    it('S-LINK-2 each reset moves the board to the next generation, per board, and survives a reopen', async () => {
      const [a, b] = [board('links-a'), board('links-b')];
      expect(await store.resetLinks(a)).toBe(1);
      expect(await store.resetLinks(a)).toBe(2);
      expect(await store.resetLinks(b)).toBe(1);
      expect(await Promise.all([store.resetLinks(a), store.resetLinks(a)])).toEqual(expect.arrayContaining([3, 4]));
      expect(await store.linkGeneration(a)).toBe(4);
      await store.close();
      store = await reopen();
      expect(await store.linkGeneration(a)).toBe(4);
      expect(await store.linkGeneration(b)).toBe(1);
    });

    it('S-LINK-3 deleting a board removes its updates and versions, keeps other boards, and marks it deleted for good', async () => {
      const [a, b] = [board('delete-a'), board('delete-b')];
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 5; i++) addNode(doc, { kind: 'aws.sqs', x: i, y: 0 });
      for (const u of updates) await Promise.all([store.append(a, u), store.append(b, u)]);
      await store.compact(a);
      await store.append(a, updates[0]!); // a log after the snapshot
      const v = version(Date.UTC(2025, 0, 2));
      await Promise.all([store.saveSnapshot(a, v.info, v.state), store.saveSnapshot(b, v.info, v.state)]);
      await store.resetLinks(a);

      await store.deleteBoard(a);
      expect((await store.load(a)).updates).toEqual([]);
      expect(await store.listSnapshots(a)).toEqual([]);
      expect(await store.readSnapshot(a, v.info.id)).toBeUndefined();
      expect(await store.linkGeneration(a)).toBe('deleted');
      expect(await store.resetLinks(a)).toBe('deleted'); // a reset cannot bring it back
      expect(await store.linkGeneration(a)).toBe('deleted');

      expect((await store.load(b)).updates).toHaveLength(updates.length);
      expect(await store.listSnapshots(b)).toEqual([v.info]);
      expect(await store.linkGeneration(b)).toBe(0);

      await store.close();
      store = await reopen();
      expect(await store.linkGeneration(a)).toBe('deleted');
      expect((await store.load(a)).updates).toEqual([]);
    });

    it('S-LINK-4 a board never written can be deleted, and is deleted from then on', async () => {
      const a = board('delete-never');
      await store.deleteBoard(a);
      await store.deleteBoard(a);
      expect(await store.linkGeneration(a)).toBe('deleted');
    });

    // Board records: what a board was created as, and whether anyone opened it. The times
    // of S-META-3 are of 1970, so boards other tests recorded (now) never fall before them.
    const owner = { issuer: 'https://id.example.com/pool', subject: 'user-1' };

    it('S-META-1 a board never recorded has no record, gets none by being opened, and is never listed unopened', async () => {
      const a = board('meta-legacy');
      await store.append(a, Y.encodeStateAsUpdate(new Y.Doc()));
      await store.markOpened(a);
      expect(await store.boardMeta(a)).toBeUndefined();
      expect(await store.unopenedBefore(Date.now() + 3600_000, 1000)).not.toContain(a);
    });

    it('S-META-2 a record reads back as written, not yet opened, and survives a reopen', async () => {
      const [a, b] = [board('meta-org'), board('meta-plain')];
      const createdAt = Date.now();
      await store.recordBoard(a, { createdAt, orgOnly: true, owner });
      await store.recordBoard(b, { createdAt: createdAt + 1, orgOnly: false });
      expect(await store.boardMeta(a)).toEqual({ createdAt, orgOnly: true, owner, opened: false });
      expect(await store.boardMeta(b)).toEqual({ createdAt: createdAt + 1, orgOnly: false, opened: false });
      await store.markOpened(b);
      await store.markOpened(b);
      await store.close();
      store = await reopen();
      expect(await store.boardMeta(a)).toEqual({ createdAt, orgOnly: true, owner, opened: false });
      expect(await store.boardMeta(b)).toEqual({ createdAt: createdAt + 1, orgOnly: false, opened: true });
    });

    it('S-META-3 unopened boards created before a time are listed oldest first, up to the limit; opened ones never', async () => {
      const boards = [board('old-1'), board('old-2'), board('old-3'), board('old-4'), board('old-5')];
      // recorded out of order: the list is by creation time, not by recording
      for (const i of [3, 0, 4, 2, 1])
        await store.recordBoard(boards[i]!, { createdAt: (i + 1) * 1000, orgOnly: false });
      const [b1, b2, b3, b4] = boards;
      expect(await store.unopenedBefore(4000, 100)).toEqual([b1, b2, b3]); // before, not at: 4000 is left
      expect(await store.unopenedBefore(4000, 2)).toEqual([b1, b2]);
      await store.markOpened(b2!);
      expect(await store.unopenedBefore(4001, 100)).toEqual([b1, b3, b4]);
      await store.close();
      store = await reopen();
      expect(await store.unopenedBefore(4001, 100)).toEqual([b1, b3, b4]);
      expect((await store.boardMeta(b2!))?.opened).toBe(true);
    });

    it('S-META-4 deleting a board removes its record and takes it out of the unopened boards', async () => {
      const [a, b] = [board('meta-delete-a'), board('meta-delete-b')];
      const createdAt = Date.now() - 10_000;
      for (const id of [a, b]) {
        await store.recordBoard(id, { createdAt, orgOnly: true, owner });
        await store.append(id, Y.encodeStateAsUpdate(new Y.Doc()));
      }
      await store.deleteBoard(a);
      expect(await store.boardMeta(a)).toBeUndefined();
      expect(await store.linkGeneration(a)).toBe('deleted');
      const unopened = await store.unopenedBefore(Date.now(), 10_000);
      expect(unopened).not.toContain(a);
      expect(unopened).toContain(b);
      expect((await store.boardMeta(b))?.orgOnly).toBe(true);
    });

    it('S-ARCH-1 an interview archive keeps every entry in order through compaction and a restart, and goes with the board', async () => {
      const a = board('arch');
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 5; i++) addNode(doc, { kind: 'aws.sqs', x: i, y: 0, label: `q${i}` });
      const by = (i: number) => (i % 2 ? { name: 'Carl', color: '#1c7ed6' } : null);
      for (const [i, update] of updates.entries()) {
        await store.append(a, update);
        await store.appendArchive(a, [{ at: 1000 + i * 250.5, by: by(i), update }]);
      }
      await store.compact(a);
      const again = await reopen();
      try {
        const entries = await again.readArchive(a);
        expect(entries.map((e) => [e.at, e.by])).toEqual(updates.map((_, i) => [1000 + i * 250.5, by(i)]));
        expect(entries.map((e) => hex(e.update))).toEqual(updates.map(hex));
        expect(await again.archiveLength(a)).toBe(5);
        expect(readBoard(replay(entries.slice(0, 3).map((e) => e.update))).nodes).toHaveLength(3);
      } finally {
        await again.close();
      }
      expect(await store.readArchive(board('none'))).toEqual([]);
      await store.deleteBoard(a);
      expect(await store.archiveLength(a)).toBe(0);
    });
  });
}
