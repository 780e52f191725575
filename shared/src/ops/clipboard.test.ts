import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import type { ExportDoc } from '../export/format';
import { parseImport } from '../export/parseImport';
import { serializeExport, toExportJson } from '../export/toExportJson';
import { layoutNodes, unionBox, type Box } from '../geometry/nodeGeometry';
import { readBoard } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions, syncPair } from '../testing/network';
import { value } from '../testing/results';
import {
  copySelection,
  duplicateSelection,
  parseClipboard,
  pasteClipboard,
  PASTE_OFFSET,
  PASTED_TEXT_MAX,
  pasteTextLabel,
  serializeClipboard,
  type PasteResult,
} from './clipboard';
import { shapeLabelLines } from '../geometry/shapeGeometry';
import { connect } from './edges';
import { initBoard, setAnswer } from './meta';
import { addNode, setNodeNotes, type NewNode } from './nodes';

/*
 * CLIP-1..CLIP-5: copy, paste and duplicate, with the export format as the payload.
 */

const ORIGIN = { source: 'client', connectionId: 'clipboard-test' };
const nid = (id: string) => id as NodeId;
const eid = (id: string) => id as EdgeId;
const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));

function pasted(result: PasteResult) {
  if (!result.ok) throw new Error(`expected a paste, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * A VPC at (100, 50) holding a subnet at (20, 40) holding a load balancer at (30, 30) and
 * a Lambda; a Lambda and a note on the canvas; edges inside the subnet, from the subnet
 * out, from the canvas in, and an answer.
 */
function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, 'Shop', 0);
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 100, y: 50 });
  add(doc, { id: nid('sub'), kind: 'group.public-subnet', x: 20, y: 40, parent: nid('vpc') });
  add(doc, { id: nid('alb'), kind: 'aws.elb', x: 30, y: 30, parent: nid('sub'), label: 'ALB' });
  add(doc, { id: nid('inner'), kind: 'aws.lambda', x: 160, y: 30, parent: nid('sub') });
  add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 900, y: 80, label: 'Worker' });
  add(doc, { id: nid('memo'), kind: 'note', x: 900, y: 400, w: 240, h: 160, label: 'far below' });
  value(connect(doc, { id: eid('e-in'), source: nid('alb'), target: nid('inner'), label: 'inside' }));
  value(connect(doc, { id: eid('e-out'), source: nid('inner'), target: nid('fn'), style: 'async' }));
  value(connect(doc, { id: eid('e-ctr'), source: nid('fn'), target: nid('vpc') }));
  value(setNodeNotes(doc, nid('alb'), 'idle timeout 60 s'));
  setAnswer(doc, 'q1', 'Consistency');
  return doc;
}

const boxesOf = (doc: Y.Doc, ids: readonly string[]): Box[] => {
  const layouts = layoutNodes(readBoard(doc));
  return ids.map((id) => layouts.get(id)!.box);
};

describe('CLIP-1 copySelection', () => {
  test('CLIP-1 nested contents come along, inner edges are kept, edges leaving the set are dropped', () => {
    const doc = board();
    const data = copySelection(readBoard(doc), [nid('sub')]);
    expect(data.nodes.map((n) => n.id)).toEqual(['sub', 'alb', 'inner']);
    expect(data.edges.map((e) => e.id)).toEqual(['e-in']);
    expect(data.title).toBe('');
    expect(data.answers).toEqual({});
    // The subnet's VPC is not copied: the subnet comes out on its own, at its absolute position.
    expect(data.nodes[0]).toMatchObject({ id: 'sub', x: 120, y: 90 });
    expect(data.nodes[0]!.parent).toBeUndefined();
    // What is nested stays relative to its copied parent, with notes and labels.
    expect(data.nodes[1]).toMatchObject({
      id: 'alb',
      x: 30,
      y: 30,
      parent: 'sub',
      label: 'ALB',
      notes: 'idle timeout 60 s',
    });
    expect(parseImport(serializeExport(data)).ok).toBe(true);
  });

  test('CLIP-1 a selection across levels: every node whose parent is not copied becomes top-level and absolute', () => {
    const doc = board();
    const data = copySelection(readBoard(doc), [nid('alb'), nid('fn'), nid('gone')]);
    expect(data.nodes.map((n) => [n.id, n.x, n.y, n.parent])).toEqual([
      ['fn', 900, 80, undefined],
      ['alb', 150, 120, undefined],
    ]);
    expect(data.edges).toEqual([]);
  });

  test('CLIP-1 deterministic: the same board and selection give the same document, in any id order', () => {
    const doc = board();
    const a = copySelection(readBoard(doc), [nid('vpc'), nid('fn'), nid('memo')]);
    const b = copySelection(readBoard(doc), [nid('memo'), nid('fn'), nid('vpc'), nid('sub')]);
    expect(serializeClipboard(a)).toBe(serializeClipboard(b));
    expect(a.edges.map((e) => e.id)).toEqual(['e-ctr', 'e-in', 'e-out']);
    const replica = new Y.Doc();
    syncPair(doc, replica);
    expect(serializeClipboard(copySelection(readBoard(replica), [nid('vpc'), nid('fn'), nid('memo')]))).toBe(
      serializeClipboard(a),
    );
  });
});

describe('CLIP-2 paste at the pointer', () => {
  test('CLIP-2 the group top-left lands on the pointer, with fresh ids, in one transaction and one undo', () => {
    const doc = board();
    const { meta, nodes, edges, requirements } = boardMaps(doc);
    const undo = new Y.UndoManager([meta, nodes, edges, requirements], { trackedOrigins: new Set([ORIGIN]) });
    const before = toExportJson(readBoard(doc));
    const data = copySelection(readBoard(doc), [nid('sub'), nid('fn')]);
    const counted = countTransactions(doc, () => pasted(pasteClipboard(doc, data, { x: -500, y: 1234.5 }, ORIGIN)));
    expect(counted.transactions).toBe(1);
    expect(counted.updates).toBe(1);
    expect(counted.origins).toEqual([ORIGIN]);
    const made = counted.result;
    expect(made.nodes).toHaveLength(4);
    expect(made.edges).toHaveLength(2); // e-in and e-out; e-ctr went to the VPC, which stayed behind
    const corner = unionBox(boxesOf(doc, made.nodes))!;
    expect({ x: corner.x, y: corner.y }).toEqual({ x: -500, y: 1234.5 });
    // The group keeps its shape: the same boxes as the originals, moved together.
    const original = boxesOf(doc, ['fn', 'sub', 'alb', 'inner']); // the paste's order: parents first
    const dx = -500 - unionBox(original)!.x;
    const dy = 1234.5 - unionBox(original)!.y;
    expect(boxesOf(doc, made.nodes)).toEqual(original.map((b) => ({ ...b, x: b.x + dx, y: b.y + dy })));

    const after = readBoard(doc);
    expect(after.problems).toEqual([]);
    for (const id of made.nodes) expect(['vpc', 'sub', 'alb', 'inner', 'fn', 'memo']).not.toContain(id);
    const pastedEdges = after.edges.filter((e) => made.edges.includes(e.id));
    for (const e of pastedEdges) expect(made.nodes).toEqual(expect.arrayContaining([e.source, e.target]));
    expect(pastedEdges.map((e) => e.label).sort()).toEqual(['', 'inside']);
    expect(after.answers.q1).toBe('Consistency');
    expect(after.title).toBe('Shop');

    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(toExportJson(readBoard(doc))).toBe(before);
  });

  test('CLIP-2 a container pasted whole keeps everything nested in it, at the same relative places', () => {
    const doc = board();
    const made = pasted(pasteClipboard(doc, copySelection(readBoard(doc), [nid('vpc')]), { x: 0, y: 2000 }, ORIGIN));
    const after = readBoard(doc);
    const [vpc, sub, alb, inner] = made.nodes.map((id) => after.nodes.find((n) => n.id === id)!);
    expect(vpc).toMatchObject({ kind: 'group.vpc', x: 0, y: 2000 });
    expect(vpc!.parent).toBeUndefined();
    expect(sub).toMatchObject({ parent: vpc!.id, x: 20, y: 40 });
    expect(alb).toMatchObject({ parent: sub!.id, x: 30, y: 30, label: 'ALB' });
    expect(inner).toMatchObject({ parent: sub!.id, x: 160, y: 30 });
  });
});

describe('CLIP-3 without a pointer, pastes and duplicates cascade', () => {
  test('CLIP-3 paste lands +24,+24 from the copy, then +48, +72: none hides another', () => {
    const doc = board();
    const data = copySelection(readBoard(doc), [nid('sub'), nid('fn')]);
    const source = unionBox(boxesOf(doc, ['sub', 'alb', 'inner', 'fn']))!;
    const corners = [1, 2, 3].map(() => {
      const made = pasted(pasteClipboard(doc, data, undefined, ORIGIN));
      const corner = unionBox(boxesOf(doc, made.nodes))!;
      return { x: corner.x - source.x, y: corner.y - source.y };
    });
    expect(corners).toEqual([1, 2, 3].map((k) => ({ x: PASTE_OFFSET.x * k, y: PASTE_OFFSET.y * k })));
    const seen = new Set([...layoutNodes(readBoard(doc)).values()].map((l) => `${l.node.kind}@${l.box.x},${l.box.y}`));
    expect(seen.size).toBe(readBoard(doc).nodes.length);
  });

  test('CLIP-3 duplicating the same selection twice, and then a duplicate, never stacks two copies', () => {
    const doc = board();
    const first = pasted(duplicateSelection(doc, [nid('fn'), nid('memo')], ORIGIN));
    const second = pasted(duplicateSelection(doc, [nid('fn'), nid('memo')], ORIGIN));
    const third = pasted(duplicateSelection(doc, first.nodes, ORIGIN)); // +24 from the first is taken: one more step
    const [fn] = boxesOf(doc, ['fn']);
    // the copy of `fn` among each paste (pasted ids are random, so their order is too)
    const lambdaOf = (ids: NodeId[]) =>
      ids.filter((id) => readBoard(doc).nodes.find((n) => n.id === id)?.kind === 'aws.lambda');
    const at = (ids: NodeId[]) => boxesOf(doc, lambdaOf(ids)).map((b) => ({ x: b.x - fn!.x, y: b.y - fn!.y }));
    expect(at(first.nodes)).toEqual([{ x: 24, y: 24 }]);
    expect(at(second.nodes)).toEqual([{ x: 48, y: 48 }]);
    expect(at(third.nodes)).toEqual([{ x: 72, y: 72 }]);
    expect(readBoard(doc).nodes).toHaveLength(6 + 6);
  });

  test('CLIP-3 duplicate is one transaction; an empty or vanished selection writes nothing', () => {
    const doc = board();
    const counted = countTransactions(doc, () => duplicateSelection(doc, [nid('sub')], ORIGIN));
    expect(counted.transactions).toBe(1);
    expect(counted.origins).toEqual([ORIGIN]);
    const none = countTransactions(doc, () => duplicateSelection(doc, [nid('gone')], ORIGIN));
    expect(none.result).toEqual({ ok: true, value: { nodes: [], edges: [] } });
    expect(none.updates).toBe(0);
  });
});

describe('CLIP-4 pasted ids never collide', () => {
  test('CLIP-4 a payload that reuses the board ids, pasted twice, adds two full copies', () => {
    const doc = board();
    const before = readBoard(doc);
    const data = copySelection(
      before,
      before.nodes.map((n) => n.id),
    );
    expect(data.nodes.map((n) => n.id).sort()).toEqual(before.nodes.map((n) => n.id).sort());
    const one = pasted(pasteClipboard(doc, data, undefined, ORIGIN));
    const two = pasted(pasteClipboard(doc, data, { x: 5000, y: 0 }, ORIGIN));
    const after = readBoard(doc);
    expect(after.problems).toEqual([]);
    expect(after.nodes).toHaveLength(3 * before.nodes.length);
    expect(after.edges).toHaveLength(3 * before.edges.length);
    const ids = [...after.nodes.map((n) => n.id), ...after.edges.map((e) => e.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set([...one.nodes, ...two.nodes]).size).toBe(2 * before.nodes.length);
  });

  test('CLIP-4 two replicas paste the same payload at once: after sync both copies are there', () => {
    const a = board();
    const b = new Y.Doc();
    syncPair(a, b);
    const data = copySelection(readBoard(a), [nid('vpc')]);
    pasted(pasteClipboard(a, data, undefined, ORIGIN));
    pasted(pasteClipboard(b, data, undefined, ORIGIN));
    syncPair(a, b);
    expect(toExportJson(readBoard(a))).toBe(toExportJson(readBoard(b)));
    expect(readBoard(a).nodes).toHaveLength(6 + 4 + 4);
    expect(readBoard(a).problems).toEqual([]);
  });
});

describe('CLIP-5 clipboard text', () => {
  test('CLIP-5 serializeClipboard and parseClipboard round-trip, and the text is marked as ours', () => {
    const data = copySelection(readBoard(board()), [nid('sub'), nid('fn')]);
    const text = serializeClipboard(data);
    expect(text.startsWith('{"archboard-clipboard":1,')).toBe(true);
    expect(parseClipboard(text)).toEqual({ ok: true, value: data });
    expect(
      parseClipboard(`\n  ${text.replace('{"archboard-clipboard":1,', '{ "archboard-clipboard" : 1 ,\n')}`),
    ).toEqual({
      ok: true,
      value: data,
    });
  });

  test('CLIP-5 text that is not ours is refused without throwing', () => {
    const exportFile = serializeExport(copySelection(readBoard(board()), [nid('fn')]));
    const foreign = [
      '',
      'hello world',
      'https://example.com',
      '<svg/>',
      '{}',
      '[]',
      'null',
      '{"archboard-clipboard":2,"format":"archboard"}',
      '{"format":"archboard","archboard-clipboard":1}',
      exportFile, // an export file is a file to import, not a clipboard payload
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ];
    for (const text of foreign) {
      const result = parseClipboard(text);
      expect(result.ok, text.slice(0, 40)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('not-archboard');
    }
  });

  test('CLIP-5 our marker with a bad payload is refused with the import error, and a paste of it writes nothing', () => {
    const data = copySelection(readBoard(board()), [nid('sub')]);
    const broken: unknown[] = [
      { ...data, edges: [{ ...data.edges[0]!, target: 'nowhere' }] },
      { ...data, nodes: [{ ...data.nodes[0]!, kind: 'aws.teleporter' }, ...data.nodes.slice(1)] },
      { ...data, nodes: [{ ...data.nodes[0]!, x: 'left' }] },
      { ...data, formatVersion: 99 },
      { ...data, extra: true },
    ];
    for (const bad of broken) {
      const text = serializeClipboard(bad as ExportDoc);
      const parsed = parseClipboard(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(['invalid', 'unknown-version']).toContain(parsed.error.code);
      expect(parseClipboard(`${text.slice(0, -5)}`).ok).toBe(false); // cut off: not JSON

      const doc = board();
      const before = Y.encodeStateAsUpdate(doc);
      const counted = countTransactions(doc, () => pasteClipboard(doc, bad as ExportDoc, undefined, ORIGIN));
      expect(counted.result.ok).toBe(false);
      expect(counted.updates).toBe(0);
      expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    }
    const cyclic: Record<string, unknown> = { ...data };
    cyclic.self = cyclic;
    const doc = board();
    const counted = countTransactions(doc, () => pasteClipboard(doc, cyclic as unknown as ExportDoc, { x: 0, y: 0 }));
    expect(counted.result).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(counted.updates).toBe(0);
    const nowhere = countTransactions(doc, () => pasteClipboard(doc, data, { x: Number.NaN, y: 0 }));
    expect(nowhere.result).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(nowhere.updates).toBe(0);
  });

  test('CLIP-5 parseClipboard never throws, whatever the text (seeded)', () => {
    const text = serializeClipboard(copySelection(readBoard(board()), [nid('sub'), nid('fn')]));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((json) => `{"archboard-clipboard":1,${json.slice(1)}`),
          fc
            .tuple(fc.nat(text.length), fc.nat(40), fc.string())
            .map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut)),
        ),
        (input) => {
          const result = parseClipboard(input);
          if (result.ok) {
            const doc = new Y.Doc();
            pasted(pasteClipboard(doc, result.value, { x: 0, y: 0 }));
            expect(readBoard(doc).problems).toEqual([]);
          }
        },
      ),
      { seed: 7117, numRuns: 300 },
    );
  });
});

describe('CLIP-TEXT plain text pasted becomes a text label', () => {
  test('centred on the point, as wide as its longest line (80–400 px), every line shown, one transaction', () => {
    const doc = new Y.Doc();
    const text = '  Payments go through Stripe\r\nRefunds: manual for now  ';
    const counted = countTransactions(doc, () => pasteTextLabel(doc, text, { x: 500, y: 300 }, ORIGIN));
    expect(counted.transactions).toBe(1);
    const id = value(counted.result)!;
    const node = readBoard(doc).nodes.find((n) => n.id === id)!;
    expect(node).toMatchObject({ kind: 'shape.text', label: 'Payments go through Stripe\nRefunds: manual for now' });
    const box = layoutNodes(readBoard(doc)).get(id)!.box;
    expect(box.x + box.w / 2).toBeCloseTo(500, -0.5);
    expect(box.y + box.h / 2).toBeCloseTo(300, -0.5);
    expect(box.w).toBeGreaterThanOrEqual(80);
    expect(box.w).toBeLessThanOrEqual(400);
    expect(shapeLabelLines(node.label, 'none', box.w, box.h)).toEqual([
      'Payments go through Stripe',
      'Refunds: manual for now',
    ]);

    // A long paragraph stops at 400 px wide and wraps, all of it shown; a huge paste is cut.
    const long = value(pasteTextLabel(doc, 'word '.repeat(200), { x: 0, y: 0 }))!;
    const longBox = layoutNodes(readBoard(doc)).get(long)!.box;
    expect(longBox.w).toBe(400);
    const longLabel = readBoard(doc).nodes.find((n) => n.id === long)!.label;
    expect(shapeLabelLines(longLabel, 'none', longBox.w, longBox.h).join(' ')).toBe(longLabel.replace(/\n/g, ' '));
    const huge = value(pasteTextLabel(doc, 'x'.repeat(PASTED_TEXT_MAX + 50), { x: 0, y: 0 }))!;
    expect(readBoard(doc).nodes.find((n) => n.id === huge)!.label).toBe(`${'x'.repeat(PASTED_TEXT_MAX)}…`);
  });

  test('blank text adds nothing; a point that is not finite is refused', () => {
    const doc = new Y.Doc();
    expect(value(pasteTextLabel(doc, ' \n\t ', { x: 0, y: 0 }))).toBeUndefined();
    expect(pasteTextLabel(doc, 'hi', { x: Number.NaN, y: 0 }).ok).toBe(false);
    expect(readBoard(doc).nodes).toEqual([]);
  });
});
