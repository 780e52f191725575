import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import * as Y from 'yjs';
import { addNode, connect, readBoard, renameNode, type NodeId } from '@archboard/shared';
import { createBoard, startServer, type RunningServer } from '../helpers/server';
import { eventually, providerClient, synced } from '../helpers/clients';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('sync through the unmodified y-websocket provider', () => {
  it('two clients see each other’s edits, both ways', async () => {
    const board = await createBoard(server, 'Checkout');
    const a = providerClient(server.wsUrl, board.id, board.editToken);
    const b = providerClient(server.wsUrl, board.id, board.editToken);
    await Promise.all([synced(a), synced(b)]);
    expect(readBoard(a.doc).title).toBe('Checkout');

    const api = addNode(a.doc, { kind: 'aws.api-gateway', x: 0, y: 0 });
    const fn = addNode(b.doc, { kind: 'aws.lambda', x: 200, y: 0 });
    if (!api.ok || !fn.ok) throw new Error('addNode failed');
    await eventually(() => expect(readBoard(a.doc).nodes).toHaveLength(2));
    connect(a.doc, { source: api.value, target: fn.value });
    renameNode(b.doc, fn.value, 'Charge card');

    await eventually(() => {
      for (const doc of [a.doc, b.doc]) {
        const view = readBoard(doc);
        expect(view.nodes.map((n) => n.kind).sort()).toEqual(['aws.api-gateway', 'aws.lambda']);
        expect(view.edges).toHaveLength(1);
        expect(view.nodes.find((n) => n.id === fn.value)?.label).toBe('Charge card');
      }
    });
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
  });

  it('exchanges awareness (cursors, names) and drops it when a client leaves', async () => {
    const board = await createBoard(server);
    const a = providerClient(server.wsUrl, board.id, board.editToken);
    const b = providerClient(server.wsUrl, board.id, board.editToken);
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#f00' });
    await eventually(() => {
      const states = [...b.provider.awareness.getStates().values()] as { user?: { name: string } }[];
      expect(states.some((s) => s.user?.name === 'Ada')).toBe(true);
    });
    a.destroy();
    await eventually(() => {
      const states = [...b.provider.awareness.getStates().values()] as { user?: { name: string } }[];
      expect(states.some((s) => s.user?.name === 'Ada')).toBe(false);
    });
  });
});

describe('rename merges character by character across clients', () => {
  it('keeps both people’s typing in one label', async () => {
    const board = await createBoard(server);
    const a = providerClient(server.wsUrl, board.id, board.editToken);
    const b = providerClient(server.wsUrl, board.id, board.editToken);
    await Promise.all([synced(a), synced(b)]);
    const id = addNode(a.doc, { kind: 'aws.s3', x: 0, y: 0, label: 'bucket' });
    if (!id.ok) throw new Error();
    await eventually(() => expect(readBoard(b.doc).nodes).toHaveLength(1));
    renameNode(a.doc, id.value as NodeId, 'media bucket');
    renameNode(b.doc, id.value as NodeId, 'bucket (eu)');
    await eventually(() => {
      expect(readBoard(a.doc).nodes[0]?.label).toBe('media bucket (eu)');
      expect(readBoard(b.doc).nodes[0]?.label).toBe('media bucket (eu)');
    });
  });
});
