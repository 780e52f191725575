import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard, renameNode } from '@archboard/shared';
import { createBoard, startServer } from '../helpers/server';
import { eventually, providerClient, synced } from '../helpers/clients';

describe('persistence', () => {
  it('brings every board back whole after a graceful restart', async () => {
    const first = await startServer({ env: { AUTH_SECRET: 'x'.repeat(40) } });
    const boards = await Promise.all([createBoard(first, 'One'), createBoard(first, 'Two')]);
    const expected: Uint8Array[] = [];
    for (const [i, board] of boards.entries()) {
      const client = providerClient(first.wsUrl, board.id, board.editToken);
      await synced(client);
      for (let n = 0; n <= i + 2; n++) {
        const id = addNode(client.doc, { kind: 'aws.dynamodb', x: n, y: n });
        if (id.ok) renameNode(client.doc, id.value, `table ${n}`);
      }
      const watcher = providerClient(first.wsUrl, board.id, board.editToken);
      await synced(watcher);
      await eventually(() => expect(readBoard(watcher.doc).nodes).toHaveLength(i + 3));
      expected.push(Y.encodeStateVector(watcher.doc));
    }
    expect(await first.stop()).toBe(0);

    const second = await startServer({ dataDir: first.dataDir, env: { AUTH_SECRET: 'x'.repeat(40) } });
    for (const [i, board] of boards.entries()) {
      const client = providerClient(second.wsUrl, board.id, board.editToken);
      await synced(client);
      const view = readBoard(client.doc);
      expect(view.title).toBe(i === 0 ? 'One' : 'Two');
      expect(view.nodes.map((n) => n.label).sort()).toEqual(
        Array.from({ length: i + 3 }, (_, n) => `table ${n}`).sort(),
      );
      expect(Y.encodeStateVector(client.doc)).toEqual(expected[i]);
    }
    await second.stop();
  });

  it('keeps every edit another client has seen when the server is killed (SIGKILL), tokens included', async () => {
    const first = await startServer(); // secret generated and kept in DATA_DIR
    const board = await createBoard(first);
    const writer = providerClient(first.wsUrl, board.id, board.editToken);
    const reader = providerClient(first.wsUrl, board.id, board.editToken);
    await Promise.all([synced(writer), synced(reader)]);
    for (let i = 0; i < 30; i++) addNode(writer.doc, { kind: 'aws.sqs', x: i, y: 0, label: `q${i}` });
    await eventually(() => expect(readBoard(reader.doc).nodes).toHaveLength(30));
    await first.kill();
    writer.destroy();
    reader.destroy();

    const second = await startServer({ dataDir: first.dataDir });
    const fresh = providerClient(second.wsUrl, board.id, board.editToken);
    await synced(fresh);
    expect(readBoard(fresh.doc).nodes).toHaveLength(30);
    await second.stop();
  });

  it('closes sockets with 1001 on SIGTERM after storing what it holds', async () => {
    const server = await startServer();
    const board = await createBoard(server);
    const client = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(client);
    const closed = new Promise<number>((resolve) =>
      client.provider.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? -1)),
    );
    addNode(client.doc, { kind: 'aws.s3', x: 0, y: 0 });
    expect(await server.stop()).toBe(0);
    expect(await closed).toBe(1001);
    client.destroy();
    const again = await startServer({ dataDir: server.dataDir });
    const check = providerClient(again.wsUrl, board.id, board.editToken);
    await synced(check);
    expect(readBoard(check.doc).nodes).toHaveLength(1);
    await again.stop();
  });
});
