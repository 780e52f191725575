import fc from 'fast-check';
import type * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { connect } from '../ops/edges';
import { initBoard, setAnswer } from '../ops/meta';
import {
  addNode,
  moveNodes,
  parentLinks,
  removeNodes,
  renameNode,
  reparentNode,
  resizeNode,
  setNodeNotes,
} from '../ops/nodes';
import { repairBoard } from '../ops/repair';
import type { Result } from '../ops/result';
import { cycleBreakers } from '../ops/rules';
import { readBoard } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { EdgeId, NodeId } from '../schema/ids';
import { TestNetwork } from '../testing/network';

/*
 * The conflict table of ARCHITECTURE.md, one test per row (CONF-1..CONF-6). Each test
 * makes the edits on replicas that cannot see each other, then syncs and checks the row's
 * promised result on every replica.
 */

const SEED = 9901;
const nid = (id: string) => id as NodeId;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

/** A network whose replicas start from the same board, then stop hearing each other. */
function split(replicas = 2, clientIds?: number[]) {
  const net = new TestNetwork(replicas, { clientIds });
  const origin = net.doc(0);
  initBoard(origin, 'conflicts', 0);
  value(addNode(origin, { id: nid('fn'), kind: 'aws.lambda', x: 10, y: 10, label: 'Lambda' }));
  value(addNode(origin, { id: nid('db'), kind: 'aws.dynamodb', x: 300, y: 10 }));
  value(addNode(origin, { id: nid('vpc'), kind: 'group.vpc', x: 0, y: 200 }));
  value(addNode(origin, { id: nid('az'), kind: 'group.az', x: 700, y: 200 }));
  net.settle();
  for (let i = 0; i < replicas; i++) net.disconnect(i);
  return net;
}

/** Types `text` one keystroke at a time at `at` of the current value, as an input field does. */
function typeInto(current: () => string, write: (next: string) => void, at: 'start' | 'end', text: string): void {
  let cursor = at === 'start' ? 0 : current().length;
  for (const char of Array.from(text)) {
    const now = current();
    write(now.slice(0, cursor) + char + now.slice(cursor));
    cursor += char.length;
  }
}

const label = (doc: Y.Doc, id: string) => readBoard(doc).nodes.find((n) => n.id === id)?.label ?? '';
const answer = (doc: Y.Doc, q: string) => readBoard(doc).answers[q] ?? '';
const json = (doc: Y.Doc) => {
  boardMaps(doc);
  return doc.toJSON();
};

function expectConverged(net: TestNetwork): void {
  net.settle();
  const [first, ...rest] = net.docs;
  for (const doc of rest) expect(json(doc)).toEqual(json(first ?? doc));
}

describe('CONF-1 conflict: two people type in the same label or answer — both texts kept', () => {
  test('conflict: two people type in the same label — both texts kept, each insert shifted past the other', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    // A types after the label while B types before it.
    typeInto(
      () => label(a, 'fn'),
      (next) => renameNode(a, nid('fn'), next),
      'end',
      ' resize',
    );
    typeInto(
      () => label(b, 'fn'),
      (next) => renameNode(b, nid('fn'), next),
      'start',
      'My ',
    );
    expectConverged(net);
    expect(label(a, 'fn')).toBe('My Lambda resize');
    expect(label(b, 'fn')).toBe('My Lambda resize');
  });

  test('conflict: two people type at the same place in a label — both inserts kept whole, one after the other', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    typeInto(
      () => label(a, 'fn'),
      (next) => renameNode(a, nid('fn'), next),
      'end',
      ' (images)',
    );
    typeInto(
      () => label(b, 'fn'),
      (next) => renameNode(b, nid('fn'), next),
      'end',
      ' v2',
    );
    expectConverged(net);
    expect(['Lambda (images) v2', 'Lambda v2 (images)']).toContain(label(a, 'fn'));
  });

  test('conflict: one deletes a word of a label while another types elsewhere in it — both edits apply', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    renameNode(a, nid('fn'), 'Lambda resize images');
    net.settle();
    net.disconnect(0);
    net.disconnect(1);
    renameNode(a, nid('fn'), 'Lambda images'); // deletes "resize "
    renameNode(b, nid('fn'), 'Lambda resize images fast'); // appends
    expectConverged(net);
    expect(label(a, 'fn')).toBe('Lambda images fast');
  });

  test('conflict: two people type in the same design answer — both texts kept', () => {
    // The answers' Y.Texts exist from initBoard on, so even the first words typed merge.
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    expect(answer(a, 'q1')).toBe('');
    typeInto(
      () => answer(a, 'q1'),
      (next) => setAnswer(a, 'q1', next),
      'end',
      'Availability.',
    );
    typeInto(
      () => answer(b, 'q1'),
      (next) => setAnswer(b, 'q1', next),
      'end',
      'Consistency for payments.',
    );
    expectConverged(net);
    expect(['Availability.Consistency for payments.', 'Consistency for payments.Availability.']).toContain(
      answer(a, 'q1'),
    );
  });

  test('conflict: two people edit an existing answer at both ends — both texts kept in place', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    net.reconnect(0);
    net.reconnect(1);
    setAnswer(a, 'q5', '10k/s');
    net.settle();
    net.disconnect(0);
    net.disconnect(1);
    typeInto(
      () => answer(a, 'q5'),
      (next) => setAnswer(a, 'q5', next),
      'start',
      'Peak ',
    );
    typeInto(
      () => answer(b, 'q5'),
      (next) => setAnswer(b, 'q5', next),
      'end',
      ' writes',
    );
    expectConverged(net);
    expect(answer(b, 'q5')).toBe('Peak 10k/s writes');
  });

  test(`CONF-1 property: any two sets of inserts into one label both survive, in each writer's order (seed ${SEED})`, () => {
    const inserts = fc.array(fc.tuple(fc.nat({ max: 20 }), fc.constantFrom('a', 'bc', 'é', '😀', ' ')), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(inserts, inserts, fc.boolean(), (fromA, fromB, flip) => {
        const net = split(2, flip ? [7, 3] : [3, 7]);
        const docs = [net.doc(0), net.doc(1)] as const;
        const typed: string[][] = [[], []];
        [fromA, fromB].forEach((list, i) => {
          const doc = docs[i] as Y.Doc;
          for (const [at, chunk] of list) {
            const now = Array.from(label(doc, 'fn'));
            now.splice(at % (now.length + 1), 0, chunk);
            renameNode(doc, nid('fn'), now.join(''));
            typed[i]?.push(chunk);
          }
        });
        expectConverged(net);
        const merged = label(docs[0], 'fn');
        // Nothing is lost: the merged label is as long as the original plus every insert.
        const length = (s: string) => Array.from(s).length;
        const total = typed.flat().reduce((n, s) => n + length(s), length('Lambda'));
        expect(length(merged)).toBe(total);
        expect(label(docs[1], 'fn')).toBe(merged);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('CONF-2 conflict: two people drag the same node — one final position, the same on every replica', () => {
  test('conflict: two people drag the same node — one final position, equal to one of the two drops', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    // fn starts at (10, 10). A drags it right only; B drags it down only.
    moveNodes(a, [{ id: nid('fn'), x: 400, y: 10 }]);
    moveNodes(b, [{ id: nid('fn'), x: 10, y: 400 }]);
    expectConverged(net);
    const at = (doc: Y.Doc) => readBoard(doc).nodes.find((n) => n.id === 'fn');
    const final = { x: at(a)?.x, y: at(a)?.y };
    expect({ x: at(b)?.x, y: at(b)?.y }).toEqual(final);
    // Never (400, 400): x and y come from the same drag.
    expect([
      { x: 400, y: 10 },
      { x: 10, y: 400 },
    ]).toContainEqual(final);
  });

  test('CONF-2 regression (seed 9901 counterexample): drops at (9,9) and (11,10) from (10,10) never give (11,9)', () => {
    // The second drag leaves y unchanged; when moveNodes wrote only changed keys, x came
    // from it and y from the first drag.
    const net = split(3, [1, 2, 3]);
    moveNodes(net.doc(1), [{ id: nid('fn'), x: 9, y: 9 }]);
    moveNodes(net.doc(2), [{ id: nid('fn'), x: 11, y: 10 }]);
    expectConverged(net);
    const node = readBoard(net.doc(0)).nodes.find((n) => n.id === 'fn');
    expect([
      { x: 9, y: 9 },
      { x: 11, y: 10 },
    ]).toContainEqual({ x: node?.x, y: node?.y });
  });

  test(`CONF-2 property: drags of many frames resolve to the last frame of one writer (seed ${SEED})`, () => {
    // Few distinct coordinates around the start (10, 10), so frames often leave x or y unchanged.
    const frame = fc.record({ x: fc.integer({ min: 9, max: 11 }), y: fc.integer({ min: 9, max: 11 }) });
    const drag = fc.array(frame, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        drag,
        drag,
        fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 3 }),
        (dragA, dragB, clientIds) => {
          const net = split(3, clientIds);
          for (const f of dragA) moveNodes(net.doc(1), [{ id: nid('fn'), ...f }]);
          for (const f of dragB) moveNodes(net.doc(2), [{ id: nid('fn'), ...f }]);
          expectConverged(net);
          const finals = net.docs.map((doc) => {
            const node = readBoard(doc).nodes.find((n) => n.id === 'fn');
            return { x: node?.x, y: node?.y };
          });
          for (const f of finals) expect(f).toEqual(finals[0]);
          expect([dragA.at(-1), dragB.at(-1)]).toContainEqual(finals[0]);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('CONF-3 conflict: one moves a node, another deletes it — the node is gone', () => {
  test('conflict: one moves a node, another deletes it — the node is gone', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    moveNodes(a, [{ id: nid('fn'), x: 123, y: 456 }]);
    resizeNode(a, nid('fn'), { w: 80, h: 80 });
    renameNode(a, nid('fn'), 'Lambda (moved)');
    removeNodes(b, [nid('fn')]);
    expectConverged(net);
    for (const doc of net.docs) {
      expect(boardMaps(doc).nodes.has('fn')).toBe(false);
      expect(readBoard(doc).nodes.map((n) => n.id)).not.toContain('fn');
      expect(readBoard(doc).problems).toEqual([]);
    }
  });

  test('conflict: one moves a node inside a container, another deletes the container — both are gone', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    net.reconnect(0);
    net.reconnect(1);
    value(reparentNode(a, nid('fn'), nid('vpc'), { x: 5, y: 5 }));
    net.settle();
    net.disconnect(0);
    net.disconnect(1);
    moveNodes(a, [{ id: nid('fn'), x: 50, y: 60 }]);
    removeNodes(b, [nid('vpc')]);
    expectConverged(net);
    for (const doc of net.docs) expect(readBoard(doc).nodes.map((n) => n.id)).toEqual(['az', 'db']);
  });
});

describe('CONF-4 conflict: one connects an edge to a node, another deletes that node', () => {
  test('conflict: one connects to a node, another deletes it — the edge is never drawn and repair removes it, idempotently', () => {
    const net = split(3);
    const [a, b, c] = [net.doc(0), net.doc(1), net.doc(2)];
    value(connect(a, { id: 'e1' as EdgeId, source: nid('fn'), target: nid('db') }));
    removeNodes(b, [nid('db')]);
    expectConverged(net);
    for (const doc of net.docs) {
      const board = readBoard(doc);
      expect(board.edges).toEqual([]);
      expect(board.problems).toEqual([{ type: 'dangling-edge', id: 'e1', missing: 'db' }]);
    }
    // Two clients see it at the same moment and both repair: the same deletion, once.
    net.disconnect(0);
    net.disconnect(1);
    expect(repairBoard(a, 'client-a')).toBe(1);
    expect(repairBoard(b, 'client-b')).toBe(1);
    expectConverged(net);
    for (const doc of net.docs) {
      expect(boardMaps(doc).edges.has('e1')).toBe(false);
      expect(readBoard(doc).problems).toEqual([]);
    }
    // A third client that comes later has nothing left to do.
    expect(repairBoard(c)).toBe(0);
  });

  test('conflict: a container is deleted while someone drops a node into it — the node stays, at the root after repair', () => {
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    value(reparentNode(a, nid('fn'), nid('vpc'), { x: 5, y: 5 }));
    removeNodes(b, [nid('vpc')]);
    expectConverged(net);
    expect(readBoard(a).problems).toEqual([{ type: 'missing-parent', id: 'fn', parent: 'vpc' }]);
    expect(readBoard(a).nodes.find((n) => n.id === 'fn')?.parent).toBeUndefined();
    repairBoard(b);
    expectConverged(net);
    for (const doc of net.docs) expect(readBoard(doc).problems).toEqual([]);
  });
});

describe('CONF-5 conflict: A is dropped into B while B is dropped into A', () => {
  test.each([
    { ids: ['vpc', 'az'], clientIds: [1, 2] },
    { ids: ['vpc', 'az'], clientIds: [2, 1] },
    { ids: ['az', 'vpc'], clientIds: [1, 2] },
    { ids: ['az', 'vpc'], clientIds: [2, 1] },
  ])(
    'conflict: $ids.0 dropped into $ids.1 while $ids.1 dropped into $ids.0 (client ids $clientIds) — the cycle is broken the same way everywhere, by id',
    ({ ids: [first = '', second = ''], clientIds }) => {
      const net = split(3, [...clientIds, 3]);
      value(reparentNode(net.doc(0), nid(first), nid(second), { x: 10, y: 10 }));
      value(reparentNode(net.doc(1), nid(second), nid(first), { x: 20, y: 20 }));
      expectConverged(net);
      // 'az' < 'vpc': az loses its parent and stays at the root; vpc sits inside az.
      for (const doc of net.docs) {
        const board = readBoard(doc);
        expect(board.problems).toEqual([{ type: 'parent-cycle', id: 'az' }]);
        expect(board.nodes.find((n) => n.id === 'az')?.parent).toBeUndefined();
        expect(board.nodes.find((n) => n.id === 'vpc')?.parent).toBe('az');
      }
      const before = readBoard(net.doc(2)).nodes;
      // Both writers repair at once; the doc then holds no cycle and reads as before.
      net.disconnect(0);
      net.disconnect(1);
      repairBoard(net.doc(0));
      repairBoard(net.doc(1));
      expectConverged(net);
      for (const doc of net.docs) {
        expect(cycleBreakers(parentLinks(doc)).size).toBe(0);
        expect(readBoard(doc).problems).toEqual([]);
        expect(readBoard(doc).nodes).toEqual(before);
      }
    },
  );
});

describe('CONF-6 conflict: one edits offline for minutes, others go on online', () => {
  test('conflict: two people write the first notes of a node at once — both notes kept', () => {
    // The notes Y.Text exists from addNode on; created lazily, one person's notes would vanish.
    const net = split();
    const [a, b] = [net.doc(0), net.doc(1)];
    const notes = (doc: Y.Doc) => readBoard(doc).nodes.find((n) => n.id === 'fn')?.notes ?? '';
    typeInto(
      () => notes(a),
      (next) => setNodeNotes(a, nid('fn'), next),
      'end',
      'cold starts!',
    );
    typeInto(
      () => notes(b),
      (next) => setNodeNotes(b, nid('fn'), next),
      'end',
      '512 MB',
    );
    expectConverged(net);
    expect(['cold starts!512 MB', '512 MBcold starts!']).toContain(notes(a));
  });

  test('conflict: one edits offline while others go on online — on reconnect everything merges, nothing typed is lost', () => {
    const net = split(3);
    for (const i of [0, 1]) net.reconnect(i); // r0 and r1 online together, r2 offline
    const [a, b, c] = [net.doc(0), net.doc(1), net.doc(2)];
    const typed: { where: () => string; text: string }[] = [];
    const typeLabel = (doc: Y.Doc, id: string, at: 'start' | 'end', text: string) => {
      typeInto(
        () => label(doc, id),
        (next) => renameNode(doc, nid(id), next),
        at,
        text,
      );
      typed.push({ where: () => label(a, id), text });
    };
    const typeAnswer = (doc: Y.Doc, q: string, text: string) => {
      typeInto(
        () => answer(doc, q),
        (next) => setAnswer(doc, q, next),
        'end',
        text,
      );
      typed.push({ where: () => answer(a, q), text });
    };

    // Offline, r2 builds a whole corner of the diagram and writes.
    for (let i = 0; i < 20; i++) {
      value(
        addNode(c, { id: nid(`off${i}`), kind: i % 5 === 0 ? 'group.private-subnet' : 'aws.sqs', x: i * 20, y: 0 }),
      );
      if (i > 0) value(connect(c, { id: `offE${i}` as EdgeId, source: nid(`off${i - 1}`), target: nid(`off${i}`) }));
      typeLabel(c, `off${i}`, 'end', ` #${i}`);
    }
    value(reparentNode(c, nid('off1'), nid('off0'), { x: 5, y: 5 }));
    typeLabel(c, 'fn', 'end', ' offline-edit');
    typeAnswer(c, 'q4', 'Mostly reads.');
    typeAnswer(c, 'q9', 'Under 100 ms.');
    moveNodes(c, [{ id: nid('db'), x: 999, y: 999 }]);

    // Meanwhile r0 and r1 keep editing, and hear each other.
    for (let i = 0; i < 10; i++) {
      value(addNode(i % 2 ? a : b, { id: nid(`on${i}`), kind: 'aws.ecs', x: 0, y: i * 30 }));
      net.deliverAll();
    }
    typeLabel(a, 'fn', 'start', 'online-a ');
    net.deliverAll();
    typeLabel(b, 'db', 'end', ' orders');
    typeAnswer(b, 'q4', 'Writes spike at noon.');
    typeAnswer(a, 'q12', 'Cognito.');
    net.deliverAll();
    removeNodes(b, [nid('az')]);
    net.deliverAll();

    net.reconnect(2);
    expectConverged(net);
    const board = readBoard(a);
    expect(board.problems).toEqual([]);
    for (let i = 0; i < 20; i++) expect(board.nodes.map((n) => n.id)).toContain(`off${i}`);
    for (let i = 0; i < 10; i++) expect(board.nodes.map((n) => n.id)).toContain(`on${i}`);
    expect(board.edges).toHaveLength(19);
    expect(board.nodes.find((n) => n.id === 'off1')?.parent).toBe('off0');
    expect(board.nodes.find((n) => n.id === 'db')).toMatchObject({ x: 999, y: 999 });
    expect(board.nodes.map((n) => n.id)).not.toContain('az');
    // Every run of typed characters is in the merged text, whole.
    for (const { where, text } of typed) expect(where()).toContain(text.trim());
    expect(label(a, 'fn')).toBe('online-a Lambda offline-edit');
    expect(Object.keys(board.answers).sort()).toEqual(DESIGN_QUESTIONS.map((q) => q.id).sort());
  });
});
