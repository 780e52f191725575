import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { connect } from '../ops/edges';
import { initBoard, setAnswer } from '../ops/meta';
import { addNode } from '../ops/nodes';
import { repairBoard } from '../ops/repair';
import type { Result } from '../ops/result';
import { boardMaps, EDGE_KEYS, META_KEYS, NODE_KEYS, SCHEMA_VERSION } from '../schema/docLayout';
import { EDGE_STYLES } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { isBoardNode } from '../schema/nodeRecord';
import { absolutePosition, readBoard, type Board, type Problem } from './readBoard';

const SEED = 3301;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

/** Writes a raw record, as a buggy, old or hostile peer could: no validation at all. */
function rawNode(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const record = new Y.Map<unknown>();
  for (const [key, v] of Object.entries(fields)) record.set(key, v);
  boardMaps(doc).nodes.set(id, record);
}

function rawEdge(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const record = new Y.Map<unknown>();
  for (const [key, v] of Object.entries(fields)) record.set(key, v);
  boardMaps(doc).edges.set(id, record);
}

const group = (extra: Record<string, unknown> = {}) => ({ kind: 'group.vpc', x: 0, y: 0, w: 100, h: 100, ...extra });
const service = (extra: Record<string, unknown> = {}) => ({ kind: 'aws.lambda', x: 0, y: 0, ...extra });
const ids = (board: Board) => board.nodes.map((n) => n.id);
const problem = (board: Board, id: string) => board.problems.filter((p) => p.id === id);
const sortProblems = (problems: Problem[]) =>
  [...problems].sort((a, b) => `${a.type}:${a.id}`.localeCompare(`${b.type}:${b.id}`));

describe('readBoard on well-formed boards', () => {
  test('an empty doc reads as an untitled empty board', () => {
    expect(readBoard(new Y.Doc())).toEqual({
      title: 'Untitled board',
      schemaVersion: undefined,
      createdAt: undefined,
      nodes: [],
      edges: [],
      answers: {},
      dismissals: {},
      problems: [],
    });
  });

  test('reads meta, nodes, edges and answers written by the operations', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'URL shortener', 42);
    const vpc = value(addNode(doc, { id: 'vpc' as NodeId, kind: 'group.vpc', x: 10, y: 20 }));
    const fn = value(addNode(doc, { id: 'fn' as NodeId, kind: 'aws.lambda', x: 1, y: 2, parent: vpc }));
    const db = value(addNode(doc, { id: 'db' as NodeId, kind: 'aws.dynamodb', x: 300, y: 0 }));
    value(connect(doc, { id: 'e' as EdgeId, source: fn, target: db, style: 'data', label: 'put' }));
    setAnswer(doc, 'q8', 'short code');
    const board = readBoard(doc);
    expect(board).toMatchObject({ title: 'URL shortener', schemaVersion: SCHEMA_VERSION, createdAt: 42, problems: [] });
    expect(ids(board)).toEqual(['vpc', 'db', 'fn']);
    expect(board.nodes[2]).toMatchObject({ id: 'fn', parent: 'vpc', x: 1, y: 2, label: 'Lambda' });
    expect(board.edges).toEqual([{ id: 'e', source: 'fn', target: 'db', style: 'data', label: 'put' }]);
    expect(board.answers.q8).toBe('short code');
    for (const node of board.nodes) expect(isBoardNode(node)).toBe(true);
  });

  test('READ-2 order: parents before children, containers before nodes beside them, then z, then id', () => {
    const doc = new Y.Doc();
    // Inserted deepest first, so the order cannot come from insertion.
    rawNode(doc, 'leaf', service({ parent: 'inner' }));
    rawNode(doc, 'inner', group({ parent: 'outer' }));
    rawNode(doc, 'outer', group());
    rawNode(doc, 'b-top', service({ z: 5 }));
    rawNode(doc, 'a-low', service({ z: 1 }));
    rawNode(doc, 'c-low', service({ z: 1 }));
    rawNode(doc, 'sibling', group({ parent: 'outer', z: 9 }));
    rawNode(doc, 'svc-in-outer', service({ parent: 'outer', z: -3 }));
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(ids(board)).toEqual(['outer', 'a-low', 'c-low', 'b-top', 'inner', 'sibling', 'svc-in-outer', 'leaf']);
  });

  test('READ-3 absolutePosition adds up the parents', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'outer', group({ x: 100, y: 200 }));
    rawNode(doc, 'inner', group({ parent: 'outer', x: 10, y: 20 }));
    rawNode(doc, 'leaf', service({ parent: 'inner', x: 1, y: 2 }));
    rawNode(doc, 'orphan', service({ parent: 'gone', x: 7, y: 8 }));
    const board = readBoard(doc);
    expect(absolutePosition(board, 'leaf' as NodeId)).toEqual({ x: 111, y: 222 });
    expect(absolutePosition(board, 'inner' as NodeId)).toEqual({ x: 110, y: 220 });
    expect(absolutePosition(board, 'outer' as NodeId)).toEqual({ x: 100, y: 200 });
    // A missing parent is dropped by the reader: the node sits at its own coordinates.
    expect(absolutePosition(board, 'orphan' as NodeId)).toEqual({ x: 7, y: 8 });
    expect(absolutePosition(board, 'nope' as NodeId)).toBeUndefined();
  });

  test('READ-3 absolutePosition terminates on a hand-built board with a loop', () => {
    const a = { id: 'a' as NodeId, kind: 'group.vpc', x: 1, y: 1, z: 0, label: '', parent: 'b' as NodeId };
    const b = { id: 'b' as NodeId, kind: 'group.vpc', x: 1, y: 1, z: 0, label: '', parent: 'a' as NodeId };
    expect(absolutePosition({ nodes: [a, b] }, a.id)).toEqual({ x: 3, y: 3 });
  });
});

describe('readBoard on garbage (READ-1: never throws, reports each problem)', () => {
  test.each<[string, unknown]>([
    ['a number', 42],
    ['a string', 'node'],
    ['null', null],
    ['an array', [1, 2]],
    ['a plain object', { kind: 'aws.lambda', x: 0, y: 0 }],
    ['a Y.Text', new Y.Text('aws.lambda')],
    ['a Y.Array', Y.Array.from([1])],
  ])('a node record that is %s: invalid-node', (_what, junk) => {
    const doc = new Y.Doc();
    boardMaps(doc).nodes.set('n', junk as Y.Map<unknown>);
    rawNode(doc, 'fine', service());
    const board = readBoard(doc);
    expect(board.problems).toEqual([{ type: 'invalid-node', id: 'n', detail: 'not a map' }]);
    expect(ids(board)).toEqual(['fine']);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['no kind', { x: 0, y: 0 }, 'kind'],
    ['a numeric kind', { kind: 7, x: 0, y: 0 }, 'kind'],
    ['an empty kind', { kind: '', x: 0, y: 0 }, 'kind'],
    ['a 65-character kind', { kind: 'k'.repeat(65), x: 0, y: 0 }, 'kind'],
    ['a kind held in a Y.Text', { kind: new Y.Text('aws.lambda'), x: 0, y: 0 }, 'kind'],
    ['no x', { kind: 'aws.lambda', y: 0 }, 'x'],
    ['a string x', { kind: 'aws.lambda', x: '10', y: 0 }, 'x'],
    ['a NaN y', { kind: 'aws.lambda', x: 0, y: Number.NaN }, 'y'],
    ['an infinite x', { kind: 'aws.lambda', x: Number.POSITIVE_INFINITY, y: 0 }, 'x'],
    ['a negative width', { kind: 'group.vpc', x: 0, y: 0, w: -1, h: 10 }, 'w'],
    ['a zero height', { kind: 'group.vpc', x: 0, y: 0, w: 10, h: 0 }, 'h'],
    ['a string z', { kind: 'aws.lambda', x: 0, y: 0, z: 'top' }, 'z'],
    ['an empty parent', { kind: 'aws.lambda', x: 0, y: 0, parent: '' }, 'parent'],
    ['a numeric parent', { kind: 'aws.lambda', x: 0, y: 0, parent: 3 }, 'parent'],
  ])('a node with %s: invalid-node naming the field', (_what, fields, field) => {
    const doc = new Y.Doc();
    rawNode(doc, 'n', fields);
    const board = readBoard(doc);
    expect(board.nodes).toEqual([]);
    expect(board.problems).toHaveLength(1);
    expect(board.problems[0]).toMatchObject({ type: 'invalid-node', id: 'n' });
    expect((board.problems[0] as { detail: string }).detail).toContain(field);
  });

  test('a kind this version does not know: unknown-kind, skipped', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'n', { kind: 'aws.bedrock', x: 0, y: 0 });
    expect(readBoard(doc)).toMatchObject({
      nodes: [],
      problems: [{ type: 'unknown-kind', id: 'n', kind: 'aws.bedrock' }],
    });
  });

  test('labels and notes that are not Y.Text: strings are read, anything else is empty', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'a', service({ label: 'plain label', notes: 'plain notes' }));
    rawNode(doc, 'b', service({ label: 12, notes: { nested: true } }));
    rawNode(doc, 'c', service({ label: new Y.Text('text'), notes: new Y.Text('') }));
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.nodes.map(({ id, label, notes }) => ({ id, label, notes }))).toEqual([
      { id: 'a', label: 'plain label', notes: 'plain notes' },
      { id: 'b', label: '', notes: undefined },
      { id: 'c', label: 'text', notes: '' },
    ]);
  });

  test('unknown extra fields are ignored', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'n', service({ color: 'red', nested: new Y.Map() }));
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.nodes[0]).toEqual({ id: 'n', kind: 'aws.lambda', x: 0, y: 0, z: 0, label: '' });
  });

  test('a missing parent: missing-parent, the node kept at the root', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'n', service({ parent: 'gone' }));
    const board = readBoard(doc);
    expect(board.problems).toEqual([{ type: 'missing-parent', id: 'n', parent: 'gone' }]);
    expect(board.nodes[0]?.parent).toBeUndefined();
  });

  test('a parent that is unreadable or of an unknown kind counts as missing', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'junk', { kind: 'group.vpc' });
    rawNode(doc, 'future', { kind: 'group.edge-zone', x: 0, y: 0 });
    rawNode(doc, 'a', service({ parent: 'junk' }));
    rawNode(doc, 'b', service({ parent: 'future' }));
    const board = readBoard(doc);
    expect(problem(board, 'a')).toEqual([{ type: 'missing-parent', id: 'a', parent: 'junk' }]);
    expect(problem(board, 'b')).toEqual([{ type: 'missing-parent', id: 'b', parent: 'future' }]);
  });

  test.each(['aws.lambda', 'note', 'generic.database'])(
    'a parent of kind %s is not a container: invalid-parent, kept at the root',
    (kind) => {
      const doc = new Y.Doc();
      rawNode(doc, 'p', { kind, x: 0, y: 0 });
      rawNode(doc, 'n', service({ parent: 'p' }));
      const board = readBoard(doc);
      expect(board.problems).toEqual([{ type: 'invalid-parent', id: 'n', parent: 'p' }]);
      expect(board.nodes.find((n) => n.id === 'n')?.parent).toBeUndefined();
    },
  );

  test('READ-4 a parent cycle: parent-cycle on the smallest id, the rest keep their parents', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'c', group({ parent: 'b' }));
    rawNode(doc, 'b', group({ parent: 'a' }));
    rawNode(doc, 'a', group({ parent: 'c' }));
    rawNode(doc, 'inside', service({ parent: 'b' }));
    const board = readBoard(doc);
    expect(board.problems).toEqual([{ type: 'parent-cycle', id: 'a' }]);
    expect(board.nodes.map((n) => [n.id, n.parent])).toEqual([
      ['a', undefined],
      ['b', 'a'],
      ['c', 'b'],
      ['inside', 'b'],
    ]);
  });

  test('READ-4 a container that is its own parent', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'g', group({ parent: 'g' }));
    expect(readBoard(doc).problems).toEqual([{ type: 'parent-cycle', id: 'g' }]);
  });

  test.each<[string, unknown, string]>([
    ['a number', 5, 'not a map'],
    ['a string', 'edge', 'not a map'],
    ['null', null, 'not a map'],
  ])('an edge record that is %s: invalid-edge', (_what, junk, detail) => {
    const doc = new Y.Doc();
    boardMaps(doc).edges.set('e', junk as Y.Map<unknown>);
    expect(readBoard(doc).problems).toEqual([{ type: 'invalid-edge', id: 'e', detail }]);
  });

  test.each<[string, Record<string, unknown>]>([
    ['no source', { target: 'b' }],
    ['a numeric target', { source: 'a', target: 2 }],
    ['an unknown style', { source: 'a', target: 'b', style: 'telepathy' }],
    ['a 65-character handle', { source: 'a', target: 'b', sourceHandle: 'h'.repeat(65) }],
  ])('an edge with %s: invalid-edge', (_what, fields) => {
    const doc = new Y.Doc();
    rawNode(doc, 'a', service());
    rawNode(doc, 'b', service());
    rawEdge(doc, 'e', fields);
    const board = readBoard(doc);
    expect(board.edges).toEqual([]);
    expect(board.problems).toEqual([{ type: 'invalid-edge', id: 'e', detail: expect.any(String) }]);
  });

  test('an edge whose end is missing, unreadable or unknown: dangling-edge naming that end', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'a', service());
    rawNode(doc, 'junk', { kind: 'aws.lambda' });
    rawEdge(doc, 'e1', { source: 'a', target: 'gone' });
    rawEdge(doc, 'e2', { source: 'junk', target: 'a' });
    rawEdge(doc, 'e3', { source: 'a', target: 'a', style: 'async' }); // a self-loop is still drawable
    const board = readBoard(doc);
    expect(problem(board, 'e1')).toEqual([{ type: 'dangling-edge', id: 'e1', missing: 'gone' }]);
    expect(problem(board, 'e2')).toEqual([{ type: 'dangling-edge', id: 'e2', missing: 'junk' }]);
    expect(board.edges).toEqual([{ id: 'e3', source: 'a', target: 'a', style: 'async', label: '' }]);
  });

  test('an edge with no style reads as sync; a non-text label as empty', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'a', service());
    rawNode(doc, 'b', service());
    rawEdge(doc, 'e', { source: 'a', target: 'b', label: 99 });
    expect(readBoard(doc).edges).toEqual([{ id: 'e', source: 'a', target: 'b', style: 'sync', label: '' }]);
  });

  test('meta and answers of the wrong types fall back to defaults', () => {
    const doc = new Y.Doc();
    const { meta, requirements } = boardMaps(doc);
    meta.set(META_KEYS.title, 17);
    meta.set(META_KEYS.schemaVersion, 'one');
    meta.set(META_KEYS.createdAt, new Y.Map());
    requirements.set('q1', 5 as unknown as Y.Text);
    requirements.set('q2', 'a plain string' as unknown as Y.Text);
    requirements.set('q3', new Y.Text('typed'));
    const board = readBoard(doc);
    expect(board).toMatchObject({ title: 'Untitled board', schemaVersion: undefined, createdAt: undefined });
    expect(board.answers).toEqual({ q2: 'a plain string', q3: 'typed' });
  });

  test('root types written as arrays and texts by a foreign peer do not break the reader', () => {
    const foreign = new Y.Doc();
    foreign.getArray('nodes').push([1, 'two', { kind: 'aws.lambda' }]);
    foreign.getText('edges').insert(0, 'not edges');
    foreign.getArray('meta').push([null]);
    foreign.getXmlFragment('requirements');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(foreign));
    expect(() => readBoard(doc)).not.toThrow();
    expect(readBoard(doc)).toMatchObject({ nodes: [], edges: [], problems: [] });
    expect(() => repairBoard(doc)).not.toThrow();
  });

  test('READ-1 a 12,000-deep chain of containers reads without overflowing the stack', () => {
    const doc = new Y.Doc();
    const depth = 12_000;
    doc.transact(() => {
      for (let i = 0; i < depth; i++) rawNode(doc, `g${i}`, group(i > 0 ? { parent: `g${i - 1}` } : {}));
    });
    const board = readBoard(doc);
    expect(board.problems).toEqual([]);
    expect(board.nodes).toHaveLength(depth);
    expect(board.nodes[depth - 1]?.id).toBe(`g${depth - 1}`);
  });
});

/* ------------------------------------------------------------------------------------------------
 * READ-1 as a property: random junk in every root map.
 */

const JUNK = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  // Y.Map stores plain objects only (a null-prototype object is refused when written).
  fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 2, noNullPrototype: true }),
  fc.constant('<Y.Map>'),
);
const NODE_IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
const refs = fc.oneof(fc.constantFrom(...NODE_IDS, 'ghost', ''), JUNK);
const numberish = fc.oneof(fc.integer({ min: -50, max: 50 }), JUNK);
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const nodeFieldsArb = fc.record({
  kind: opt(fc.oneof(fc.constantFrom('group.vpc', 'group.az', 'aws.lambda', 'note', 'aws.bedrock'), JUNK)),
  x: opt(numberish),
  y: opt(numberish),
  w: opt(numberish),
  h: opt(numberish),
  z: opt(numberish),
  parent: opt(refs),
  label: opt(fc.oneof(fc.constant('<Y.Text>'), JUNK)),
  notes: opt(fc.oneof(fc.constant('<Y.Text>'), JUNK)),
});
const edgeFieldsArb = fc.record({
  source: opt(refs),
  target: opt(refs),
  style: opt(fc.oneof(fc.constantFrom(...EDGE_STYLES), JUNK)),
  sourceHandle: opt(fc.oneof(fc.string({ maxLength: 70 }), JUNK)),
  label: opt(fc.oneof(fc.constant('<Y.Text>'), JUNK)),
});
/** A record is usually a Y.Map of random fields (valid ones biased in), sometimes plain junk. */
const recordArb = <T extends Record<string, unknown>>(fields: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 1, arbitrary: JUNK.map((junk) => ({ junk })) }, { weight: 6, arbitrary: fields });

const junkBoardArb = fc.record({
  nodes: fc.dictionary(fc.constantFrom(...NODE_IDS), recordArb(nodeFieldsArb), { maxKeys: 6 }),
  edges: fc.dictionary(fc.constantFrom('e1', 'e2', 'e3', 'e4'), recordArb(edgeFieldsArb), { maxKeys: 4 }),
  answers: fc.dictionary(fc.constantFrom('q1', 'q2', 'x'), fc.oneof(fc.constant('<Y.Text>'), JUNK), { maxKeys: 3 }),
  title: opt(JUNK),
});
type JunkBoard = typeof junkBoardArb extends fc.Arbitrary<infer T> ? T : never;

function materialise(v: unknown): unknown {
  if (v === '<Y.Text>') return new Y.Text('t');
  if (v === '<Y.Map>') return new Y.Map();
  return v;
}

/** Builds the doc, inserting records in the given key order (replicas differ in map order). */
function buildJunk(board: JunkBoard, reverse = false): Y.Doc {
  const doc = new Y.Doc();
  const { meta, nodes, edges, requirements } = boardMaps(doc);
  const order = <T>(entries: [string, T][]) => (reverse ? entries.reverse() : entries);
  const build = (spec: Record<string, unknown>) => {
    if ('junk' in spec) return materialise(spec.junk);
    const record = new Y.Map<unknown>();
    for (const [key, v] of Object.entries(spec)) if (v !== undefined) record.set(key, materialise(v));
    return record;
  };
  doc.transact(() => {
    for (const [id, spec] of order(Object.entries(board.nodes))) nodes.set(id, build(spec) as Y.Map<unknown>);
    for (const [id, spec] of order(Object.entries(board.edges))) edges.set(id, build(spec) as Y.Map<unknown>);
    for (const [id, v] of order(Object.entries(board.answers))) requirements.set(id, materialise(v) as Y.Text);
    if (board.title !== undefined) meta.set(META_KEYS.title, materialise(board.title));
  });
  return doc;
}

describe('readBoard on random junk (READ-1 property)', () => {
  test(`never throws; every record is read or reported, once; the output is a valid tree (seed ${SEED})`, () => {
    fc.assert(
      fc.property(junkBoardArb, (spec) => {
        const doc = buildJunk(spec);
        const board = readBoard(doc);
        const nodeIds = ids(board);
        const byId = new Map(board.nodes.map((n) => [n.id as string, n]));

        for (const id of Object.keys(spec.nodes)) {
          const read = nodeIds.filter((n) => n === id).length;
          const rejected = board.problems.filter(
            (p) => p.id === id && (p.type === 'invalid-node' || p.type === 'unknown-kind'),
          ).length;
          expect(read + rejected, `node ${id}`).toBe(1);
        }
        for (const id of Object.keys(spec.edges)) {
          const read = board.edges.filter((e) => e.id === id).length;
          const rejected = board.problems.filter(
            (p) => p.id === id && (p.type === 'invalid-edge' || p.type === 'dangling-edge'),
          ).length;
          expect(read + rejected, `edge ${id}`).toBe(1);
        }
        board.nodes.forEach((node, index) => {
          expect(isBoardNode(node)).toBe(true);
          if (node.parent === undefined) return;
          const parent = byId.get(node.parent);
          expect(parent?.kind.startsWith('group.'), `parent of ${node.id}`).toBe(true);
          expect(nodeIds.indexOf(node.parent)).toBeLessThan(index);
        });
        for (const edge of board.edges) {
          expect(byId.has(edge.source) && byId.has(edge.target)).toBe(true);
          expect(EDGE_STYLES).toContain(edge.style);
        }
        for (const p of board.problems) {
          if (p.type === 'missing-parent' || p.type === 'invalid-parent' || p.type === 'parent-cycle') {
            expect(byId.get(p.id)?.parent, `${p.type} ${p.id}`).toBeUndefined();
          }
        }
        expect(typeof board.title).toBe('string');
        for (const answer of Object.values(board.answers)) expect(typeof answer).toBe('string');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test(`the result does not depend on the order of the records in the maps (seed ${SEED})`, () => {
    fc.assert(
      fc.property(junkBoardArb, (spec) => {
        const a = readBoard(buildJunk(spec));
        const b = readBoard(buildJunk(spec, true));
        expect({ ...b, problems: sortProblems(b.problems) }).toEqual({ ...a, problems: sortProblems(a.problems) });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  test(`repairBoard never throws on junk, is idempotent, and leaves no cycle (seed ${SEED})`, () => {
    fc.assert(
      fc.property(junkBoardArb, (spec) => {
        const doc = buildJunk(spec);
        repairBoard(doc);
        expect(repairBoard(doc)).toBe(0);
        const board = readBoard(doc);
        const { nodes } = boardMaps(doc);
        for (const p of board.problems) {
          expect(p.type).not.toBe('parent-cycle');
          // What repair leaves is what it must leave: ends and parents that exist but are
          // unreadable here (a newer client may read them).
          if (p.type === 'dangling-edge') expect(nodes.has(p.missing)).toBe(true);
          if (p.type === 'missing-parent') expect(nodes.has(p.parent)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

test('the edge label key and node label key are the documented ones', () => {
  // Guards the layout the junk tests write by hand.
  expect(NODE_KEYS.label).toBe('label');
  expect(EDGE_KEYS.label).toBe('label');
});
