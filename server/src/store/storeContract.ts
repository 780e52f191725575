import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, boardMaps, readBoard, renameNode, type BoardId } from '@archboard/shared';
import type { Store } from './Store';

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
  });
}
