import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, boardMaps, moveNodes, readBoard, removeNodes, setNodeNotes, type NodeId } from '@archboard/shared';
import { seededRandom } from '@archboard/shared/testing';
import { updateInPieces } from './updatePieces';

const KiB = 1024;
const nid = (id: string) => id as NodeId;

/** A tab that has everything `server` has, then edits on its own (offline). */
function offlineTab(server: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** A board both sides hold: a few nodes the offline tab will change and delete. */
function sharedBoard(): Y.Doc {
  const server = new Y.Doc();
  server.clientID = 1;
  for (let i = 0; i < 5; i++) addNode(server, { id: nid(`base${i}`), kind: 'aws.lambda', x: i * 200, y: 0 });
  return server;
}

/** The pieces the tab sends for the server's step 1, applied in order; returns them. */
function syncInPieces(tab: Y.Doc, server: Y.Doc, maxBytes: number): Uint8Array[] {
  const pieces = updateInPieces(tab, Y.encodeStateVector(server), maxBytes);
  for (const piece of pieces) Y.applyUpdate(server, piece);
  return pieces;
}

const sameDocs = (a: Y.Doc, b: Y.Doc) => {
  expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
  expect(readBoard(b)).toEqual(readBoard(a));
  expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(b.store), Y.createDeleteSetFromStructStore(a.store))).toBe(
    true,
  );
};

describe('updateInPieces', () => {
  it('PIECES-1 a step 2 that fits is the one update Yjs would send', () => {
    const server = sharedBoard();
    const tab = offlineTab(server, 2);
    addNode(tab, { id: nid('new'), kind: 'aws.sqs', x: 0, y: 300 });
    const target = Y.encodeStateVector(server);
    expect(updateInPieces(tab, target, 512 * KiB)).toEqual([Y.encodeStateAsUpdate(tab, target)]);
  });

  it('PIECES-2 offline edits of two sessions over the limit arrive as pieces under it, deletions included', () => {
    const server = sharedBoard();
    const first = offlineTab(server, 2);
    for (let i = 0; i < 40; i++) {
      addNode(first, { id: nid(`a${i}`), kind: 'generic.service', x: i * 10, y: 400 });
      setNodeNotes(first, nid(`a${i}`), `${i}:`.padEnd(3000, 'a'));
    }
    removeNodes(first, [nid('base0'), nid('a3')]);
    // The tab reloads while still offline: a new client id on top of the first session's edits.
    const second = offlineTab(first, 3);
    for (let i = 0; i < 40; i++) {
      addNode(second, { id: nid(`b${i}`), kind: 'generic.service', x: i * 10, y: 600 });
      setNodeNotes(second, nid(`b${i}`), `${i}:`.padEnd(3000, 'b'));
    }
    moveNodes(second, [{ id: nid('a5'), x: 5, y: 5 }]);
    removeNodes(second, [nid('a7'), nid('base1')]);

    const whole = Y.encodeStateAsUpdate(second, Y.encodeStateVector(server)).byteLength;
    const pieces = syncInPieces(second, server, 32 * KiB);
    expect(whole).toBeGreaterThan(200 * KiB);
    expect(pieces.length).toBeGreaterThan(whole / (32 * KiB));
    for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(32 * KiB);
    sameDocs(second, server);
    expect(readBoard(server).nodes.map((node) => node.id)).not.toContain('a7');
    expect(server.store.pendingStructs).toBeNull();
  });

  it('PIECES-3 one long note typed offline is cut inside, emoji kept whole, and the tab keeps it as it was', () => {
    const server = sharedBoard();
    const tab = offlineTab(server, 2);
    addNode(tab, { id: nid('doc'), kind: 'generic.service', x: 0, y: 0 });
    // One insert: one item of 300,001 UTF-16 units, 🚀 being two of them (and at every even cut, half of one).
    const note = 'a' + '🚀'.repeat(150_000);
    setNodeNotes(tab, nid('doc'), note);
    const before = Y.encodeStateAsUpdate(tab);
    const pieces = syncInPieces(tab, server, 64 * KiB);
    expect(pieces.length).toBeGreaterThan(4);
    for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(64 * KiB);
    expect(notesOf(server) === note).toBe(true); // not toBe: a failure would print 300,000 characters
    sameDocs(tab, server);
    // The cuts were undone when the transaction ended: the tab encodes exactly as before.
    expect(Y.encodeStateAsUpdate(tab)).toEqual(before);
    expect(notesOf(tab) === note).toBe(true);
  });

  it('PIECES-4 starts inside an item the server holds part of', () => {
    const server = new Y.Doc();
    server.clientID = 1;
    addNode(server, { id: nid('doc'), kind: 'generic.service', x: 0, y: 0 });
    const tab = offlineTab(server, 2);
    const text = (readBoardText(tab) as Y.Text)!;
    text.insert(0, 'x'.repeat(50_000));
    // The server holds the first half of the insert (it arrived before the socket dropped).
    const half = Y.encodeStateVector(tab);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(tab, Y.encodeStateVector(server)));
    text.insert(50_000, 'y'.repeat(50_000)); // merges into the same item on the tab
    expect(half).not.toEqual(Y.encodeStateVector(tab));
    const pieces = syncInPieces(tab, server, 16 * KiB);
    for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(16 * KiB);
    sameDocs(tab, server);
  });

  it('PIECES-5 random offline edits: the pieces, each under the limit, rebuild the tab exactly', () => {
    const next = seededRandom(4242);
    /** An integer in [0, n). */
    const random = (n: number) => Math.floor(next() * n);
    let split = 0;
    for (let run = 0; run < 40; run++) {
      const server = sharedBoard();
      const tab = offlineTab(server, 2);
      const edits = random(60);
      for (let i = 0; i < edits; i++) {
        const n = random(30);
        const id = nid(`n${n}`);
        const op = random(3);
        if (op === 0) {
          addNode(tab, { id, kind: 'generic.service', x: n, y: n });
          setNodeNotes(tab, id, 'é🚀'.repeat(random(6000)));
        } else if (op === 1) moveNodes(tab, [{ id, x: n + 1, y: 0 }]);
        else removeNodes(tab, [id]);
      }
      const max = 4 * KiB + random(44 * KiB);
      const pieces = syncInPieces(tab, server, max);
      for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(max);
      sameDocs(tab, server);
      if (pieces.length > 1) split++;
    }
    expect(split).toBeGreaterThan(20); // most runs were over their limit
  });
});

const notesOf = (doc: Y.Doc) => readBoard(doc).nodes.find((node) => node.id === 'doc')?.notes;

/** The notes text of node `doc`, for edits below the ops' level. */
function readBoardText(doc: Y.Doc): Y.Text | undefined {
  const node = boardMaps(doc).nodes.get('doc') as Y.Map<unknown> | undefined;
  return node?.get('notes') as Y.Text | undefined;
}
