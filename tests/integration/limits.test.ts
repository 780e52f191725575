import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { addNode, CLOSE, MESSAGE, readBoard } from '@archboard/shared';
import { createBoard, startServer, type RunningServer } from '../helpers/server';
import { eventually, providerClient, rawClient, synced } from '../helpers/clients';

let server: RunningServer;
let board: { id: string; editToken: string };
beforeAll(async () => {
  server = await startServer({ env: { MAX_MESSAGE_BYTES: String(64 * 1024), MAX_MESSAGES_PER_SECOND: '100' } });
  board = await createBoard(server);
});
afterAll(async () => {
  // the server survived every hostile frame below and still exits cleanly
  expect(await server.stop()).toBe(0);
});

const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

/** A normal client can still sync and edit on the same board. */
async function stillServes(label: string): Promise<void> {
  const a = providerClient(server.wsUrl, board.id, board.editToken);
  const b = providerClient(server.wsUrl, board.id, board.editToken);
  await Promise.all([synced(a), synced(b)]);
  addNode(a.doc, { kind: 'generic.cache', x: 0, y: 0, label });
  await eventually(() => expect(readBoard(b.doc).nodes.map((n) => n.label)).toContain(label));
}

async function closeCodeFor(data: Uint8Array | string): Promise<number> {
  const raw = rawClient(`${server.wsUrl}/${board.id}?token=${board.editToken}`);
  await raw.opened;
  raw.ws.send(data);
  return (await raw.closed).code;
}

describe('limits and hostile input', () => {
  it('closes a message over the size limit with 4413', async () => {
    const big = frame((e) => {
      encoding.writeVarUint(e, MESSAGE.sync);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, new Uint8Array(70 * 1024));
    });
    expect(await closeCodeFor(big)).toBe(CLOSE.tooLarge.code);
    await stillServes('after oversized');
  });

  it.each([
    ['an unknown message type', frame((e) => encoding.writeVarUint(e, 42))],
    ['a truncated sync message', new Uint8Array([0, 2, 200])],
    [
      'an unknown sync step',
      frame(
        (e) => (
          encoding.writeVarUint(e, 0),
          encoding.writeVarUint(e, 9),
          encoding.writeVarUint8Array(e, new Uint8Array([0, 0]))
        ),
      ),
    ],
    [
      'a garbage Yjs update',
      frame(
        (e) => (
          encoding.writeVarUint(e, 0),
          encoding.writeVarUint(e, 2),
          encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 2, 3]))
        ),
      ),
    ],
    [
      'a garbage awareness update',
      frame(
        (e) => (
          encoding.writeVarUint(e, 1),
          encoding.writeVarUint8Array(e, new Uint8Array([1, 7, 1, 3, 123, 123, 123]))
        ),
      ),
    ],
    ['an empty frame', new Uint8Array(0)],
    ['a text frame', 'hello'],
  ])('closes %s with 4400, and keeps serving', async (label, data) => {
    expect(await closeCodeFor(data)).toBe(CLOSE.badRequest.code);
    await stillServes(`after ${label}`);
  });

  it('closes a malformed board id with 4400', async () => {
    const raw = rawClient(`${server.wsUrl}/${'x'.repeat(65)}?token=${board.editToken}`);
    expect((await raw.closed).code).toBe(CLOSE.badRequest.code);
    const bad = rawClient(`${server.wsUrl}/a.b?token=${board.editToken}`);
    expect((await bad.closed).code).toBe(CLOSE.badRequest.code);
  });

  it('closes a connection that floods messages with 4429', async () => {
    const raw = rawClient(`${server.wsUrl}/${board.id}?token=${board.editToken}`);
    await raw.opened;
    const query = frame((e) => encoding.writeVarUint(e, MESSAGE.queryAwareness));
    for (let i = 0; i < 300; i++) raw.ws.send(query);
    expect((await raw.closed).code).toBe(CLOSE.tooMany.code);
    await stillServes('after flood');
  });
});
