import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, newSession, readSession, start, writeSession, type BoardId } from '@archboard/shared';
import { DocTable, touchedRoots } from './RoomDocs';

const BOARD = 'docs-test' as BoardId;

/** A board as the server holds it, an interview, and a client synced with it. */
function synced() {
  const server = new DocTable(() => {});
  const seed = new Y.Doc();
  writeSession(seed, newSession());
  addNode(seed, { kind: 'aws.sqs', x: 0, y: 0, label: 'queue' });
  const state = Y.encodeStateAsUpdate(seed);
  server.open(BOARD, [state]);
  const client = new Y.Doc();
  Y.applyUpdate(client, state);
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  return { server, client, updates };
}

const guard = { board: BOARD, roots: ['interview'] };

describe('RoomDocs guard', () => {
  it('DOCS-1 drawing passes; overwriting, adding to or deleting from the guarded root is caught', () => {
    const cases: [string, (client: Y.Doc) => void, string][] = [
      ['draw', (c) => addNode(c, { kind: 'aws.lambda', x: 1, y: 0 }), 'ok'],
      ['overwrite the session', (c) => writeSession(c, start(readSession(c)!, 1000)), 'guarded'],
      ['add a key', (c) => c.getMap('interview').set('extra', 1), 'guarded'],
      ['delete the session', (c) => c.getMap('interview').delete('session'), 'guarded'],
    ];
    for (const [what, change, verdict] of cases) {
      const { server, client, updates } = synced();
      change(client);
      expect([what, server.check(updates.pop()!, guard)]).toEqual([what, verdict]);
    }
    expect(synced().server.check(new Uint8Array([1, 2, 3, 250]), guard)).toBe('malformed');
  });

  it('DOCS-2 an overwrite is caught by its item alone (its parent read through its left neighbour), with no delete set', () => {
    const { client, updates } = synced();
    const before = Y.encodeStateAsUpdate(client);
    writeSession(client, start(readSession(client)!, 1000));
    const decoded = Y.decodeUpdate(updates.pop()!);
    expect((decoded.structs[0] as Y.Item).parent).toBeNull(); // as encoded: the left neighbour names it
    decoded.ds.clients.clear();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, before); // holds the neighbour
    expect(touchedRoots(doc, decoded)).toEqual(['interview']);
  });

  it('DOCS-3 a client that resyncs after the host changed the clock twice passes: deleting what is deleted changes nothing', () => {
    const server = new DocTable(() => {});
    const host = new Y.Doc();
    writeSession(host, newSession());
    server.open(BOARD, [Y.encodeStateAsUpdate(host)]);
    const candidate = new Y.Doc();
    Y.applyUpdate(candidate, Y.encodeStateAsUpdate(host));
    for (const at of [1000, 2000]) {
      const before = Y.encodeStateVector(host);
      writeSession(host, start({ ...readSession(host)!, status: 'ready' }, at));
      const change = Y.encodeStateAsUpdate(host, before);
      server.apply(BOARD, change);
      Y.applyUpdate(candidate, change);
    }
    addNode(candidate, { kind: 'aws.sqs', x: 0, y: 0 });
    // a reconnect's sync step 2 carries the candidate's whole delete set, old sessions included;
    // and a client may send what the server has (here: everything, as against an empty state vector)
    expect(server.check(Y.encodeStateAsUpdate(candidate, server.stateVector(BOARD)), guard)).toBe('ok');
    expect(server.check(Y.encodeStateAsUpdate(candidate), guard)).toBe('ok');
  });
});
