import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addNode, CLOSE, MESSAGE, readBoard } from '@archboard/shared';
import { createBoard, startServer, type RunningServer } from '../helpers/server';
import { eventually, providerClient, rawClient, synced } from '../helpers/clients';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('board access', () => {
  it('closes a socket without a token with 4401', async () => {
    const board = await createBoard(server);
    const client = rawClient(`${server.wsUrl}/${board.id}`);
    expect((await client.closed).code).toBe(CLOSE.unauthorized.code);
  });

  it('closes a socket with a forged or garbage token with 4401', async () => {
    const board = await createBoard(server);
    const [, payload] = board.editToken.split('.');
    const forged = `eyJhbGciOiJIUzI1NiJ9.${payload}.c2lnbmF0dXJl`;
    for (const token of ['garbage', forged, board.editToken.slice(0, -3) + 'abc']) {
      const client = rawClient(`${server.wsUrl}/${board.id}?token=${encodeURIComponent(token)}`);
      expect((await client.closed).code).toBe(CLOSE.unauthorized.code);
    }
  });

  it('closes a socket whose token is for another board with 4403', async () => {
    const [mine, theirs] = await Promise.all([createBoard(server), createBoard(server)]);
    const client = rawClient(`${server.wsUrl}/${theirs.id}?token=${mine.editToken}`);
    expect((await client.closed).code).toBe(CLOSE.forbidden.code);
  });

  it('a view token receives everything, and its writes are refused with permission-denied and change nothing', async () => {
    const board = await createBoard(server, 'Read me');
    const editor = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(editor);
    addNode(editor.doc, { kind: 'aws.cloudfront', x: 1, y: 2, label: 'CDN' });

    const viewer = providerClient(server.wsUrl, board.id, board.viewToken);
    await synced(viewer);
    await eventually(() => expect(readBoard(viewer.doc).nodes.map((n) => n.label)).toEqual(['CDN']));

    // the unmodified provider reports the server's permission-denied auth message
    const denied = new Promise<string>((resolve) => {
      (viewer.provider as unknown as { messageHandlers: unknown[] }).messageHandlers[MESSAGE.auth] = (
        _encoder: unknown,
        decoder: decoding.Decoder,
      ) => {
        decoding.readVarUint(decoder);
        resolve(decoding.readVarString(decoder));
      };
    });
    addNode(viewer.doc, { kind: 'aws.lambda', x: 0, y: 0, label: 'sneaky' });
    expect(await denied).toMatch(/read-only/);

    // a later edit still arrives at the viewer; the sneaky node never reaches the editor or the store
    addNode(editor.doc, { kind: 'aws.s3', x: 5, y: 5, label: 'assets' });
    await eventually(() => expect(readBoard(viewer.doc).nodes.map((n) => n.label)).toContain('assets'));
    const fresh = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(fresh);
    expect(
      readBoard(fresh.doc)
        .nodes.map((n) => n.label)
        .sort(),
    ).toEqual(['CDN', 'assets']);
    expect(readBoard(editor.doc).nodes.map((n) => n.label)).not.toContain('sneaky');
  });

  it('a hand-built update frame from a view connection changes nothing', async () => {
    const board = await createBoard(server);
    const raw = rawClient(`${server.wsUrl}/${board.id}?token=${board.viewToken}`);
    await raw.opened;
    const doc = new Y.Doc();
    addNode(doc, { kind: 'aws.ec2', x: 0, y: 0 });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE.sync);
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
    raw.ws.send(encoding.toUint8Array(encoder));
    await eventually(() => expect(raw.messages.some((m) => m[0] === MESSAGE.auth)).toBe(true));
    const check = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(check);
    expect(readBoard(check.doc).nodes).toHaveLength(0);
  });
});
