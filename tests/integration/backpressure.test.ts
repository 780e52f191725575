import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, CLOSE, readBoard } from '@archboard/shared';
import { eventually, providerClient, rawClient, synced } from '../helpers/clients';
import { createBoard, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
  // The writer sends 12 MB in about a second: far past the default byte rate, which this test is not about.
  server = await startServer({
    env: { SEND_HIGH_WATER_BYTES: String(256 * 1024), MAX_BYTES_PER_SECOND: String(256 << 20) },
  });
});
afterAll(async () => {
  await server.stop();
});

describe('backpressure', () => {
  it('closes a connection that stops reading with 4508 instead of dropping frames; it resyncs whole on reconnect', async () => {
    const board = await createBoard(server);
    const slow = rawClient(`${server.wsUrl}/${board.id}?token=${board.editToken}`);
    await slow.opened;
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause(); // stops reading: the server's send buffer for it grows

    const writer = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(writer);
    for (let i = 0; i < 60; i++) {
      addNode(writer.doc, { kind: 'aws.s3', x: i, y: 0, label: `${i}:${'x'.repeat(200_000)}` });
      await new Promise((r) => setTimeout(r, 5));
    }
    socket.resume();
    expect((await slow.closed).code).toBe(CLOSE.slowConsumer.code);

    // the unmodified provider reconnects after a 45xx close and gets everything
    const again = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(again);
    await eventually(() => expect(readBoard(again.doc).nodes).toHaveLength(60));
    expect(Y.encodeStateVector(again.doc)).toEqual(Y.encodeStateVector(writer.doc));
  });
});
