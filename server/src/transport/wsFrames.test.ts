import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { frame, sendBinary, SHARED_FRAME_MAX_BYTES } from './wsFrames';

const servers: WebSocketServer[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

/** A real ws server with `count` real clients; each client collects the messages it gets. */
async function pair(count: number) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const sockets: WebSocket[] = [];
  server.on('connection', (ws) => sockets.push(ws));
  const received = Array.from({ length: count }, () => [] as Buffer[]);
  const clients = received.map((got) => {
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    client.on('message', (data: Buffer, isBinary) => got.push(isBinary ? data : Buffer.from('text?')));
    return client;
  });
  await Promise.all(clients.map((c) => new Promise((resolve) => c.once('open', resolve))));
  while (sockets.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  const settled = (expected: number) =>
    expect.poll(() => received.map((got) => got.length), { timeout: 5000 }).toEqual(received.map(() => expected));
  return { sockets, received, clients, settled };
}

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);

describe('broadcast frames (WS-FRAME)', () => {
  it('WS-FRAME-1 every header length (7-bit, 16-bit, 64-bit) arrives as the bytes sent', async () => {
    const { sockets, received, settled } = await pair(1);
    const lengths = [0, 1, 125, 126, 127, 65535, 65536, 70000];
    const sent = lengths.map((length, i) => bytes(length, i));
    for (const data of sent) sendBinary(sockets[0]!, data);
    await settled(sent.length);
    expect(received[0]!.map((b) => new Uint8Array(b))).toEqual(sent);
    // the header the fast path writes is the one ws writes for a final binary frame
    expect([...frame(bytes(3, 0)).subarray(0, 2)]).toEqual([0x82, 3]);
    expect([...frame(bytes(300, 0)).subarray(0, 4)]).toEqual([0x82, 126, 1, 44]);
    expect([...frame(bytes(70000, 0)).subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]);
  });

  it('WS-FRAME-2 one message to many sockets takes the shared frame, in order with ws.send, for every socket', async () => {
    const { sockets, received, settled } = await pair(5);
    const small = bytes(40, 1);
    const large = bytes(SHARED_FRAME_MAX_BYTES + 1, 2);
    const paths: boolean[] = [];
    for (const socket of sockets) paths.push(sendBinary(socket, small));
    for (const socket of sockets) socket.send(bytes(10, 3)); // through ws itself, in between
    for (const socket of sockets) paths.push(sendBinary(socket, large));
    for (const socket of sockets) paths.push(sendBinary(socket, small));
    await settled(4);
    // with the installed ws the fast path is taken (a ws upgrade that changes its internals fails here)
    expect(paths).toEqual([...sockets.map(() => true), ...sockets.map(() => false), ...sockets.map(() => true)]);
    for (const got of received) expect(got.map((b) => new Uint8Array(b))).toEqual([small, bytes(10, 3), large, small]);
  });

  it('WS-FRAME-3 a closing socket is never written past its close frame', async () => {
    const { sockets, received, clients } = await pair(1);
    const closed = new Promise((resolve) => clients[0]!.once('close', (code) => resolve(code)));
    sockets[0]!.close(4000, 'bye');
    expect(() => sendBinary(sockets[0]!, bytes(5, 0))).not.toThrow(); // ws reports it, nothing is written
    expect(await closed).toBe(4000);
    expect(received[0]).toEqual([]);
  });
});
