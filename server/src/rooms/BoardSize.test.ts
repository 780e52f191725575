import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addNode, boardMaps, MESSAGE, removeNodes, SYNC, type NodeId } from '@archboard/shared';
import { BoardSize, isDeleteOnly } from './BoardSize';
import { ByteRate, updatePayloadBytes } from './inboundLimits';

/** A doc whose updates are recorded, with one node of a `bytes`-long label. */
function board(bytes: number) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const id = addNode(doc, { kind: 'aws.s3', x: 0, y: 0, label: 'x'.repeat(bytes) });
  if (!id.ok) throw new Error('addNode failed');
  return { doc, updates, id: id.value };
}

describe('BoardSize', () => {
  it('SIZE-1 admits updates up to the cap, counting what is pending, and refuses one past it', () => {
    const size = new BoardSize(100_000);
    const { updates } = board(60_000);
    expect(size.admits(updates[0]!, 0)).toBe(true);
    size.add(updates[0]!);
    expect(size.bytes).toBe(updates[0]!.byteLength);
    const { updates: more } = board(30_000);
    expect(size.admits(more[0]!, 0)).toBe(true);
    expect(size.admits(more[0]!, 20_000)).toBe(false); // with what is queued ahead of it
    expect(size.wantsCompaction).toBe(true); // a refusal: compact when quiet
    size.compacted(50_000, 1000);
    expect(size.bytes).toBe(51_000);
    expect(size.wantsCompaction).toBe(false);
  });

  it('SIZE-2 an update that only deletes passes the cap, up to the deletion allowance', () => {
    const size = new BoardSize(100_000);
    const { doc, updates, id } = board(90_000);
    size.add(updates[0]!);
    removeNodes(doc, [id as NodeId]);
    const deletion = updates[1]!;
    expect(isDeleteOnly(deletion)).toBe(true);
    expect(isDeleteOnly(updates[0]!)).toBe(false);
    size.bytes = 100_000; // exactly full
    expect(size.admits(deletion, 0)).toBe(true);
    size.add(deletion);
    expect(size.wantsCompaction).toBe(true); // it freed room on a big board: compact when quiet
    size.bytes = 100_000 + size.deletionAllowance;
    expect(size.admits(deletion, 0)).toBe(false); // a flood of deletions is bounded too
  });

  it('SIZE-3 the delete-only test reads structs, not sizes: a map write that replaces a value is new content', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    boardMaps(doc).meta.set('title', 'a');
    boardMaps(doc).meta.set('title', 'b'); // deletes 'a' and adds 'b'
    expect(updates.map(isDeleteOnly)).toEqual([false, false]);
  });
});

describe('inbound limits', () => {
  const frame = (sub: number, payload: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  };

  it('LIMIT-1 reads the size of the update a frame carries from its header', () => {
    expect(updatePayloadBytes(frame(SYNC.update, new Uint8Array(70_000)))).toBe(70_000);
    expect(updatePayloadBytes(frame(SYNC.step2, new Uint8Array(5)))).toBe(5);
    expect(updatePayloadBytes(frame(SYNC.step1, new Uint8Array(70_000)))).toBeUndefined();
    expect(updatePayloadBytes(new Uint8Array([MESSAGE.awareness, 1, 0]))).toBeUndefined();
    expect(updatePayloadBytes(new Uint8Array([0]))).toBeUndefined();
  });

  it('LIMIT-2 a byte rate lets a burst of its window through, then only the rate', () => {
    const rate = new ByteRate(1000, 2);
    expect(rate.take(2000, 0)).toBe(true); // two seconds' worth at once
    expect(rate.take(1, 0)).toBe(false);
    const steady = new ByteRate(1000, 2);
    for (let t = 0; t < 10_000; t += 100) expect(steady.take(100, t)).toBe(true); // exactly the rate, for 10 s
    expect(steady.take(2500, 10_000)).toBe(false);
  });
});
