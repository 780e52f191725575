import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNode, readBoard } from '@archboard/shared';
import { createBoard, health, startServer, type RunningServer } from '../helpers/server';
import { eventually, providerClient, synced } from '../helpers/clients';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { ROOM_IDLE_MS: '100' } });
});
afterAll(async () => {
  await server.stop();
});

async function seededBoard(nodes: number) {
  const board = await createBoard(server, 'Seeded');
  const writer = providerClient(server.wsUrl, board.id, board.editToken);
  await synced(writer);
  for (let i = 0; i < nodes; i++) addNode(writer.doc, { kind: 'generic.service', x: i * 10, y: 0, label: `svc ${i}` });
  // the echo of the last edit means the server stored all of them
  await eventually(() => expect(writer.provider.wsconnected).toBe(true));
  const probe = providerClient(server.wsUrl, board.id, board.editToken);
  await synced(probe);
  await eventually(() => expect(readBoard(probe.doc).nodes).toHaveLength(nodes));
  writer.destroy();
  probe.destroy();
  await eventually(async () => expect((await health(server)).rooms).toBe(0));
  return board;
}

describe('rooms', () => {
  it('loads a board once for many concurrent first joins, and answers each with the whole board', async () => {
    const board = await seededBoard(50);
    const before = await health(server);
    const joiners = Array.from({ length: 25 }, () => providerClient(server.wsUrl, board.id, board.editToken));
    const firstSync = joiners.map(
      (c) => new Promise<number>((resolve) => c.provider.once('sync', () => resolve(readBoard(c.doc).nodes.length))),
    );
    expect(await Promise.all(firstSync)).toEqual(Array(25).fill(50));
    const after = await health(server);
    expect(after.loads - before.loads).toBe(1);
    expect(after.connections).toBe(25);
  });

  it('unloads an idle room and loads it again, whole, for the next client', async () => {
    const board = await seededBoard(5);
    const before = await health(server);
    expect(before.rooms).toBe(0);
    const again = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(again);
    expect(readBoard(again.doc).nodes).toHaveLength(5);
    expect((await health(server)).loads).toBe(before.loads + 1);
  });
});
