import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { connect, setEdgeTwoWay } from '../ops/edges';
import { writeImport } from '../ops/importBoard';
import { initBoard, setAnswer } from '../ops/meta';
import { addNode, moveNodes, renameNode, setNodeNotes, type NewNode } from '../ops/nodes';
import { readBoard } from '../read/readBoard';
import { EDGE_STYLES } from '../schema/edgeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { countTransactions } from '../testing/network';
import { EXPORT_FORMAT, IMPORT_LIMITS, type ExportDoc } from './format';
import { parseImport, type ImportError } from './parseImport';
import { toExportDoc, toExportJson } from './toExportJson';
import { value } from '../testing/results';

/*
 * EXP-1, EXP-2, EXP-4 and EXP-5: the JSON export is the same bytes however a replica got
 * its state, it survives a round trip through parseImport and writeImport unchanged, and
 * parseImport answers anything (junk, mutations of a good file) without throwing, naming
 * what is wrong and where.
 */

const nid = (id: string) => id as NodeId;
const eid = (id: string) => id as EdgeId;

const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));

/**
 * Every feature the format carries: three levels of containers, a note, a node with
 * notes, an icon node with an empty label, all four edge styles, a two-way edge, stored
 * handles, and labels, notes, answers and a title with markup characters, quotes and emoji.
 */
function buildRichBoard(doc: Y.Doc): void {
  initBoard(doc, 'Checkout <v2> & "friends" 🚀', 1_700_000_000_000);
  add(doc, { id: nid('cloud'), kind: 'group.cloud', x: -40, y: -20 });
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 40, y: 60, parent: nid('cloud') });
  add(doc, { id: nid('subnet'), kind: 'group.private-subnet', x: 20, y: 40, w: 320, h: 240, parent: nid('vpc') });
  add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 30, y: 50, parent: nid('subnet'), label: 'Orders <fn> & "co" 👩‍💻' });
  add(doc, { id: nid('api'), kind: 'aws.api-gateway', x: 10, y: 10, parent: nid('vpc'), z: 3 });
  add(doc, { id: nid('user'), kind: 'generic.user', x: -300, y: 100, label: '' });
  add(doc, { id: nid('queue'), kind: 'aws.sqs', x: 900, y: 80, label: "Queue 'orders'" });
  add(doc, { id: nid('db'), kind: 'aws.dynamodb', x: 900, y: 300, label: 'Orders table' });
  add(doc, { id: nid('db2'), kind: 'aws.dynamodb', x: 1200, y: 300, label: 'Replica (eu-west-1)' });
  add(doc, {
    id: nid('note1'),
    kind: 'note',
    x: 900,
    y: -200,
    label: 'Assumptions:\n- 10k rps & p99 < 200 ms\n- "at least once" 🚀',
  });
  value(setNodeNotes(doc, nid('fn'), "Runs in the <private> subnet & retries 'twice'"));
  value(
    connect(doc, {
      id: eid('e-user-api'),
      source: nid('user'),
      target: nid('api'),
      sourceHandle: 'right',
      targetHandle: 'left',
      label: 'HTTPS <TLS 1.3>',
    }),
  );
  value(connect(doc, { id: eid('e-api-fn'), source: nid('api'), target: nid('fn'), style: 'sync' }));
  value(
    connect(doc, {
      id: eid('e-fn-q'),
      source: nid('fn'),
      target: nid('queue'),
      style: 'async',
      label: 'OrderPlaced & co',
    }),
  );
  value(
    connect(doc, { id: eid('e-fn-db'), source: nid('fn'), target: nid('db'), style: 'data', label: '"PutItem" 👩‍💻' }),
  );
  value(connect(doc, { id: eid('e-db-db2'), source: nid('db'), target: nid('db2'), style: 'replication' }));
  value(setEdgeTwoWay(doc, eid('e-db-db2'), true));
  setAnswer(doc, 'q1', 'Consistency & <availability> for payments');
  setAnswer(doc, 'q9', 'p99 < 200 ms 🚀\nreads faster than writes');
  setAnswer(doc, 'q14', '"Quoted" answer');
}

function richDoc(clientID = 1): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  buildRichBoard(doc);
  return doc;
}

const exportOf = (doc: Y.Doc) => toExportJson(readBoard(doc));

/** A fresh board holding `text`, the way the server creates an imported board. */
function importIntoFreshDoc(text: string): Y.Doc {
  const parsed = parseImport(text);
  if (!parsed.ok) throw new Error(`import refused: ${parsed.error.message}`);
  const doc = new Y.Doc();
  initBoard(doc, 'placeholder');
  writeImport(doc, parsed.value, { freshIds: false, setTitle: true });
  return doc;
}

describe('EXP-1 deterministic export', () => {
  test('EXP-1 two exports of one board are the same string', () => {
    const doc = richDoc();
    const board = readBoard(doc);
    expect(toExportJson(board)).toBe(toExportJson(board));
    expect(toExportJson(readBoard(doc))).toBe(toExportJson(board));
  });

  test('EXP-1 replicas that applied the same updates in different orders export the same bytes', () => {
    // Two writers, each with its own history, so the updates carry concurrent edits too.
    const updates: Uint8Array[] = [];
    const a = new Y.Doc();
    a.clientID = 11;
    const b = new Y.Doc();
    b.clientID = 22;
    a.on('update', (u: Uint8Array) => updates.push(u));
    b.on('update', (u: Uint8Array) => updates.push(u));
    buildRichBoard(a);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'sync');
    value(renameNode(a, nid('db'), 'Orders table (A)'));
    value(renameNode(b, nid('db'), 'Orders table (B)'));
    value(moveNodes(b, [{ id: nid('queue'), x: 950, y: 90 }]));
    add(b, { id: nid('cache'), kind: 'generic.cache', x: 600, y: 500 });
    setAnswer(a, 'q5', '10k');
    setAnswer(b, 'q5', 'peak 50k');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'sync');

    const inOrder = new Y.Doc();
    const reversed = new Y.Doc();
    const shuffled = new Y.Doc();
    updates.forEach((u) => Y.applyUpdate(inOrder, u));
    [...updates].reverse().forEach((u) => Y.applyUpdate(reversed, u));
    // A fixed interleaving: odd-numbered updates first, then the even ones backwards.
    [...updates.filter((_, i) => i % 2 === 1), ...updates.filter((_, i) => i % 2 === 0).reverse()].forEach((u) =>
      Y.applyUpdate(shuffled, u),
    );

    const expected = exportOf(a);
    expect(readBoard(a).problems).toEqual([]);
    for (const doc of [b, inOrder, reversed, shuffled]) expect(exportOf(doc)).toBe(expected);
  });

  test('EXP-1 top-level fields, node and edge keys and answers come in the documented order', () => {
    const json = exportOf(richDoc());
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
    const doc = JSON.parse(json) as ExportDoc;
    expect(Object.keys(doc)).toEqual(['format', 'formatVersion', 'title', 'nodes', 'edges', 'answers']);
    expect(doc.format).toBe(EXPORT_FORMAT);
    const nodeOrder = ['id', 'kind', 'x', 'y', 'w', 'h', 'parent', 'label', 'notes', 'z'];
    const edgeOrder = ['id', 'source', 'target', 'sourceHandle', 'targetHandle', 'style', 'twoWay', 'label'];
    for (const node of doc.nodes) {
      const keys = Object.keys(node);
      expect(keys).toEqual(nodeOrder.filter((k) => keys.includes(k)));
      expect(keys).toEqual(expect.arrayContaining(['id', 'kind', 'x', 'y', 'label', 'notes', 'z']));
    }
    for (const edge of doc.edges) {
      const keys = Object.keys(edge);
      expect(keys).toEqual(edgeOrder.filter((k) => keys.includes(k)));
    }
    // Nodes in readBoard's order (parents first), edges by id, answers in question order.
    expect(doc.nodes.map((n) => n.id)).toEqual(readBoard(richDoc()).nodes.map((n) => n.id));
    expect(doc.nodes.findIndex((n) => n.id === 'cloud')).toBeLessThan(doc.nodes.findIndex((n) => n.id === 'vpc'));
    expect(doc.nodes.findIndex((n) => n.id === 'vpc')).toBeLessThan(doc.nodes.findIndex((n) => n.id === 'subnet'));
    expect(doc.nodes.findIndex((n) => n.id === 'subnet')).toBeLessThan(doc.nodes.findIndex((n) => n.id === 'fn'));
    expect(doc.edges.map((e) => e.id)).toEqual(doc.edges.map((e) => e.id).sort());
    expect(Object.keys(doc.answers)).toEqual(['q1', 'q9', 'q14']); // empty answers left out
    expect(doc.edges.find((e) => e.id === 'e-db-db2')?.twoWay).toBe(true);
    expect(doc.edges.find((e) => e.id === 'e-fn-db')).not.toHaveProperty('twoWay');
  });
});

describe('EXP-2 round trip', () => {
  test('EXP-2 export → parseImport → writeImport into a fresh board → export gives the same bytes', () => {
    const source = richDoc();
    const first = exportOf(source);
    const copy = importIntoFreshDoc(first);
    const board = readBoard(copy);
    expect(board.problems).toEqual([]);
    expect(toExportJson(board)).toBe(first);
    // Not trivially equal: the fixture holds everything the format carries.
    const doc = JSON.parse(first) as ExportDoc;
    expect(new Set(doc.edges.map((e) => e.style))).toEqual(new Set(EDGE_STYLES));
    expect(doc.nodes.some((n) => n.notes !== '')).toBe(true);
    expect(doc.nodes.filter((n) => n.parent !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(first).toContain('👩‍💻');
    expect(board.title).toBe('Checkout <v2> & "friends" 🚀');
    expect(board.answers.q9).toBe('p99 < 200 ms 🚀\nreads faster than writes');
    expect(board.answers.q2).toBe('');
  });

  test('EXP-2 a second round trip changes nothing either', () => {
    const first = exportOf(richDoc());
    const second = exportOf(importIntoFreshDoc(first));
    expect(exportOf(importIntoFreshDoc(second))).toBe(first);
  });
});

/** A small valid file to break in one place per test. */
function validFile(): ExportDoc {
  return {
    format: 'archboard',
    formatVersion: 1,
    title: 'Small',
    nodes: [
      { id: 'vpc', kind: 'group.vpc', x: 0, y: 0, w: 600, h: 380, label: 'VPC', notes: '', z: 0 },
      { id: 'az', kind: 'group.az', x: 10, y: 10, w: 320, h: 360, parent: 'vpc', label: 'AZ', notes: '', z: 0 },
      { id: 'n3', kind: 'aws.lambda', x: 40, y: 40, parent: 'az', label: 'Fn', notes: '', z: 1 },
      { id: 'db', kind: 'aws.dynamodb', x: 400, y: 40, label: 'Table', notes: '', z: 1 },
      { id: 'memo', kind: 'note', x: 700, y: 0, w: 200, h: 120, label: 'hi', notes: '', z: 1 },
    ],
    edges: [{ id: 'e1', source: 'n3', target: 'db', style: 'data', label: 'writes' }],
    answers: { q1: 'Consistency' },
  };
}

type Mutable = Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };

function refusal(text: string): ImportError {
  const result = parseImport(text);
  if (result.ok) throw new Error('expected parseImport to refuse the file');
  expect(result.error.problems.length).toBeGreaterThan(0);
  expect(result.error.message).toBe(result.error.problems[0]);
  return result.error;
}

function refusalOf(edit: (file: Mutable) => void): ImportError {
  const file = validFile() as unknown as Mutable;
  edit(file);
  return refusal(JSON.stringify(file));
}

/** The message of the finding that mentions `needle`, wherever in the list it came. */
const problemWith = (error: ImportError, needle: string) => error.problems.find((p) => p.includes(needle)) ?? '';

describe('EXP-4 parseImport says what is wrong and where', () => {
  test('EXP-4 the valid fixture passes', () => {
    const result = parseImport(JSON.stringify(validFile()));
    expect(result).toEqual({ ok: true, value: validFile() });
  });

  test('EXP-4 not JSON', () => {
    const error = refusal('{"format": "archboard",');
    expect(error.code).toBe('not-json');
    expect(error.message).toContain('not JSON');
  });

  test('EXP-4 JSON that is not an object', () => {
    for (const [text, what] of [
      ['[1, 2]', 'an array'],
      ['"archboard"', 'a string'],
      ['null', 'null'],
      ['42', 'a number'],
    ] as const) {
      const error = refusal(text);
      expect(error.code).toBe('not-archboard');
      expect(error.message).toContain('not an object');
      expect(error.message).toContain(what);
    }
  });

  test('EXP-4 a wrong or missing "format"', () => {
    for (const edit of [(f: Mutable) => (f.format = 'excalidraw'), (f: Mutable) => delete f.format]) {
      const error = refusalOf(edit);
      expect(error.code).toBe('not-archboard');
      expect(error.message).toContain('"format"');
      expect(error.message).toContain('"archboard"');
    }
  });

  test('EXP-4 an unknown formatVersion', () => {
    const error = refusalOf((f) => (f.formatVersion = 2));
    expect(error.code).toBe('unknown-version');
    expect(error.message).toContain('formatVersion 2');
    expect(error.message).toContain('reads formatVersion 1');
    expect(refusalOf((f) => delete f.formatVersion).message).toContain('formatVersion is missing');
  });

  test('EXP-4 a field of the wrong type names the field, the node and the type', () => {
    const error = refusalOf((f) => (f.nodes[2]!.x = '40'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('"x"');
    expect(error.message).toContain('"n3"');
    expect(error.message).toContain('not a number');
    expect(error.message).toContain('a string');
  });

  test('EXP-4 a node too far out or too large for anything to draw', () => {
    const far = refusalOf((f) => (f.nodes[2]!.x = 1e308));
    expect(far.code).toBe('invalid');
    expect(far.message).toBe('field "x" of node "n3": must be within ±10,000,000 px');
    expect(refusalOf((f) => (f.nodes[0]!.y = -2e7)).message).toContain('field "y" of node');
    expect(refusalOf((f) => (f.nodes[0]!.w = 1e9)).message).toContain('must be within ±10,000,000 px');
    // Far, but drawable: a long row of nodes.
    const file = validFile() as unknown as Mutable;
    file.nodes[2]!.x = 2_000_000;
    expect(parseImport(JSON.stringify(file)).ok).toBe(true);
  });

  test('EXP-4 a missing field', () => {
    const error = refusalOf((f) => delete f.nodes[2]!.label);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe('field "label" of node "n3" is missing');
    const edge = refusalOf((f) => delete f.edges[0]!.style);
    expect(edge.message).toBe('field "style" of edge "e1" is missing');
    const top = refusalOf((f) => delete f.answers);
    expect(top.message).toBe('field "answers" is missing');
  });

  test('EXP-4 a record without a usable id is named by its position', () => {
    const error = refusalOf((f) => (f.nodes[1]!.id = 42));
    expect(error.message).toContain('node #2');
    expect(error.message).toContain('"id"');
  });

  test('EXP-4 an edge ending at a node that is not in the file', () => {
    const error = refusalOf((f) => (f.edges[0]!.target = 'ghost'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('edge "e1"');
    expect(error.message).toContain('"ghost"');
    expect(error.message).toContain('not a node in the file');
    const start = refusalOf((f) => (f.edges[0]!.source = 'nobody'));
    expect(start.message).toContain('starts at "nobody"');
  });

  test('EXP-4 two containers inside each other', () => {
    const error = refusalOf((f) => (f.nodes[0]!.parent = 'az'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('"vpc"');
    expect(error.message).toContain('"az"');
    expect(error.message).toContain('parent cycle');
  });

  test('EXP-4 a parent that is not a container', () => {
    const error = refusalOf((f) => (f.nodes[3]!.parent = 'n3'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('node "db" is inside "n3"');
    expect(error.message).toContain('not a container');
    const missing = refusalOf((f) => (f.nodes[3]!.parent = 'elsewhere'));
    expect(missing.message).toContain('"elsewhere", which is not a node in the file');
  });

  test('EXP-4 an unknown kind', () => {
    const error = refusalOf((f) => (f.nodes[3]!.kind = 'aws.mainframe'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('node "db"');
    expect(error.message).toContain('unknown kind "aws.mainframe"');
  });

  test('EXP-4 a container of an unknown kind is one problem, not one more for each node inside it', () => {
    const error = refusalOf((f) => {
      const vpc = f.nodes.find((n) => n.id === 'vpc')!;
      vpc.kind = 'network.vpc';
    });
    expect(error.problems.filter((p) => p.includes('network.vpc'))).toEqual([
      expect.stringContaining('unknown kind "network.vpc"'),
    ]);
  });

  test('EXP-4 duplicate ids', () => {
    const nodes = refusalOf((f) => (f.nodes[3]!.id = 'n3'));
    expect(nodes.code).toBe('invalid');
    expect(nodes.message).toContain('node id "n3" is used twice');
    const edges = refusalOf((f) => f.edges.push({ ...f.edges[0]!, source: 'db', target: 'n3' }));
    expect(edges.message).toContain('edge id "e1" is used twice');
  });

  test('EXP-4 an edge the connection rules forbid', () => {
    const note = refusalOf((f) => (f.edges[0]!.target = 'memo'));
    expect(note.message).toContain('edge "e1"');
    expect(note.message).toContain('takes no connections');
    const loop = refusalOf((f) => (f.edges[0]!.target = 'n3'));
    expect(loop.message).toContain('to itself');
  });

  test('EXP-4 a file over IMPORT_LIMITS.maxBytes is refused before it is parsed', () => {
    const file = validFile();
    file.nodes[3]!.notes = 'x'.repeat(IMPORT_LIMITS.maxBytes);
    const error = refusal(JSON.stringify(file));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('the limit is 8 MB');
    // Bytes, not UTF-16 units: 3-byte characters reach the limit at a third of the length.
    expect(refusal(`"${'€'.repeat(Math.ceil(IMPORT_LIMITS.maxBytes / 3))}"`).code).toBe('too-large');
  });

  test('EXP-4 an unknown top-level field, or an unknown field of a node', () => {
    const error = refusalOf((f) => (f.viewport = { zoom: 1 }));
    expect(error.code).toBe('invalid');
    expect(error.message).toBe('unknown top-level fields: "viewport"');
    const node = refusalOf((f) => (f.nodes[2]!.colour = 'red'));
    expect(node.message).toBe('node "n3" has unknown fields: "colour"');
  });

  test('EXP-4 limits: numbers that are not finite or not positive, over-long text', () => {
    // JSON.parse reads 1e400 as Infinity
    const infinite = JSON.stringify(validFile()).replace('"x":0', '"x":1e400');
    expect(infinite).toContain('1e400');
    expect(refusal(infinite).message).toContain('field "x" of node');
    expect(refusalOf((f) => (f.nodes[0]!.w = -5)).message).toContain('field "w" of node "vpc"');
    expect(refusalOf((f) => (f.title = 't'.repeat(1001))).message).toContain('field "title"');
    expect(refusalOf((f) => (f.nodes[2]!.label = 'l'.repeat(IMPORT_LIMITS.maxTextLength + 1))).message).toContain(
      'field "label" of node "n3"',
    );
  });

  test('EXP-4 every finding is listed, the first one as the message', () => {
    const error = refusalOf((f) => {
      f.nodes[2]!.x = 'left';
      f.nodes[3]!.y = null;
      f.extra = true;
    });
    expect(problemWith(error, '"n3"')).toContain('"x"');
    expect(problemWith(error, '"db"')).toContain('"y"');
    expect(problemWith(error, 'top-level')).toContain('"extra"');
  });
});

/*
 * EXP-5: parseImport is the trust boundary for files from anywhere. It must answer every
 * input with a value, and anything it accepts must be writable without a problem.
 */
const SEED = 20_250_301;
const CODES: ImportError['code'][] = ['too-large', 'not-json', 'not-archboard', 'unknown-version', 'invalid'];

function neverThrows(text: string): void {
  const result = parseImport(text);
  if (result.ok) return;
  expect(CODES).toContain(result.error.code);
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.error.message.length).toBeLessThan(2000);
  expect(result.error.problems.length).toBeGreaterThan(0);
  expect(result.error.problems.length).toBeLessThanOrEqual(20);
}

/** The caller's side of the boundary: parse first, write only a file that passed. */
function importText(doc: Y.Doc, text: string, write = writeImport) {
  const parsed = parseImport(text);
  if (!parsed.ok) return parsed;
  write(doc, parsed.value, { freshIds: false, setTitle: true }, 'import');
  return parsed;
}

type Mutation =
  | { op: 'delete'; record: 'nodes' | 'edges' | 'top'; at: number; key: number }
  | { op: 'retype'; record: 'nodes' | 'edges' | 'top'; at: number; key: number; to: unknown }
  | { op: 'dangle'; at: number; end: 'source' | 'target' }
  | { op: 'cycle'; at: number; into: number }
  | { op: 'duplicate'; record: 'nodes' | 'edges'; at: number; from: number }
  | { op: 'reparent'; at: number; into: number }
  | { op: 'retarget'; at: number; end: 'source' | 'target'; to: number };

const NODE_FIELDS = ['id', 'kind', 'x', 'y', 'w', 'h', 'parent', 'label', 'notes', 'z'];
const EDGE_FIELDS = ['id', 'source', 'target', 'sourceHandle', 'targetHandle', 'style', 'twoWay', 'label'];
const TOP_FIELDS = ['format', 'formatVersion', 'title', 'nodes', 'edges', 'answers'];
const fieldsOf = (record: 'nodes' | 'edges' | 'top') =>
  record === 'nodes' ? NODE_FIELDS : record === 'edges' ? EDGE_FIELDS : TOP_FIELDS;

const junk = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e9, '', 'x', 'right', 'aws.s3', [], {}, [1], { id: 'n3' }),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const index = fc.nat({ max: 30 });
const record = fc.constantFrom('nodes' as const, 'edges' as const, 'top' as const);
const end = fc.constantFrom('source' as const, 'target' as const);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), record, at: index, key: index }),
  fc.record({ op: fc.constant('retype' as const), record, at: index, key: index, to: junk }),
  fc.record({ op: fc.constant('dangle' as const), at: index, end }),
  fc.record({ op: fc.constant('cycle' as const), at: index, into: index }),
  fc.record({
    op: fc.constant('duplicate' as const),
    record: fc.constantFrom('nodes' as const, 'edges' as const),
    at: index,
    from: index,
  }),
  fc.record({ op: fc.constant('reparent' as const), at: index, into: index }),
  fc.record({ op: fc.constant('retarget' as const), at: index, end, to: index }),
);

function pickFrom<T>(list: T[], at: number): T | undefined {
  return list.length === 0 ? undefined : list[at % list.length];
}

function mutate(file: Mutable, m: Mutation): void {
  const nodes = Array.isArray(file.nodes) ? file.nodes.filter((n) => typeof n === 'object' && n !== null) : [];
  const edges = Array.isArray(file.edges) ? file.edges.filter((e) => typeof e === 'object' && e !== null) : [];
  const target = (r: 'nodes' | 'edges' | 'top', at: number) =>
    r === 'top' ? file : pickFrom<Record<string, unknown>>(r === 'nodes' ? nodes : edges, at);
  switch (m.op) {
    case 'delete': {
      const rec = target(m.record, m.at);
      if (rec) delete rec[pickFrom(fieldsOf(m.record), m.key)!];
      return;
    }
    case 'retype': {
      const rec = target(m.record, m.at);
      if (rec) rec[pickFrom(fieldsOf(m.record), m.key)!] = m.to;
      return;
    }
    case 'dangle': {
      const edge = pickFrom(edges, m.at);
      if (edge) edge[m.end] = `missing-${m.at}`;
      return;
    }
    case 'cycle': {
      // The first node's parent becomes the second and the second's the first.
      const a = pickFrom(nodes, m.at);
      const b = pickFrom(nodes, m.into);
      if (a && b) {
        a.parent = b.id;
        b.parent = a.id;
      }
      return;
    }
    case 'duplicate': {
      const list = m.record === 'nodes' ? nodes : edges;
      const a = pickFrom(list, m.at);
      const b = pickFrom(list, m.from);
      if (a && b) a.id = b.id;
      return;
    }
    case 'reparent': {
      // Often valid (a node into a container), sometimes not (into an icon node or a note).
      const a = pickFrom(nodes, m.at);
      const b = pickFrom(nodes, m.into);
      if (a && b) a.parent = b.id;
      return;
    }
    case 'retarget': {
      const edge = pickFrom(edges, m.at);
      const node = pickFrom(nodes, m.to);
      if (edge && node) edge[m.end] = node.id;
      return;
    }
  }
}

describe('EXP-5 fuzz: parseImport never throws, and what it accepts imports cleanly', () => {
  test(`EXP-5 (seed ${SEED}) arbitrary strings never make parseImport throw`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) =>
        neverThrows(text),
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  test(`EXP-5 (seed ${SEED + 1}) arbitrary JSON values, bare or inside an archboard envelope, never make it throw`, () => {
    const envelope = fc.record(
      {
        format: fc.constant('archboard'),
        formatVersion: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 2 })),
        title: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
        nodes: fc.oneof(
          fc.array(fc.dictionary(fc.constantFrom(...NODE_FIELDS), fc.jsonValue({ maxDepth: 1 }))),
          fc.jsonValue(),
        ),
        edges: fc.oneof(
          fc.array(fc.dictionary(fc.constantFrom(...EDGE_FIELDS), fc.jsonValue({ maxDepth: 1 }))),
          fc.jsonValue(),
        ),
        answers: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['format'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), envelope), (value) => neverThrows(JSON.stringify(value))),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  test('EXP-5 regression: a formatVersion nested 100,000 deep is refused, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const result = parseImport(`{"format":"archboard","formatVersion":${deep}}`);
    expect(result.ok ? 'ok' : result.error.code).toBe('unknown-version');
    // A huge value is not copied into the message either.
    const long = parseImport(`{"format":"archboard","formatVersion":"${'9'.repeat(100_000)}"}`);
    expect(long.ok ? 'ok' : long.error.message.length).toBeLessThan(200);
    neverThrows(`{"format":"archboard","formatVersion":1,"title":${deep}}`);
    neverThrows(`{"format":"archboard","formatVersion":1,"nodes":[${deep}],"edges":${deep}}`);
  });

  test(`EXP-5 (seed ${SEED + 2}) mutated exports are accepted or refused, never throw; accepted ones import without problems`, () => {
    const base = exportOf(richDoc());
    const small = JSON.stringify(validFile());
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (rich, mutations) => {
        const file = JSON.parse(rich ? base : small) as Mutable;
        for (const m of mutations) mutate(file, m);
        const text = JSON.stringify(file);
        neverThrows(text);
        const doc = new Y.Doc();
        let writes = 0;
        const counted = countTransactions(doc, () =>
          importText(doc, text, (...args) => {
            writes++;
            return writeImport(...args);
          }),
        );
        if (!counted.result.ok) {
          refused++;
          expect(writes).toBe(0);
          expect(counted.updates).toBe(0);
          return;
        }
        accepted++;
        expect(writes).toBe(1);
        expect(counted.transactions).toBe(1);
        const board = readBoard(doc);
        expect(board.problems).toEqual([]);
        expect(board.nodes.length).toBe(counted.result.value.nodes.length);
        expect(board.edges.length).toBe(counted.result.value.edges.length);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
    // The mutations exercise both sides of the boundary.
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });

  test('EXP-5 a refused file sends no update at all; an accepted one sends exactly one', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Existing');
    const before = Y.encodeStateAsUpdate(doc);
    const updates: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => updates.push(origin));
    const bad = validFile() as unknown as Mutable;
    bad.nodes[2]!.x = 'oops';
    const refused = importText(doc, JSON.stringify(bad));
    expect(refused.ok).toBe(false);
    expect(updates).toEqual([]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);

    const good = importText(doc, JSON.stringify(validFile()));
    expect(good.ok).toBe(true);
    expect(updates).toEqual(['import']);
  });
});

test('EXP-1 every question the board answered is exported, in the guide order, whatever the doc order', () => {
  const doc = new Y.Doc();
  initBoard(doc, 'Order');
  for (const q of [...DESIGN_QUESTIONS].reverse()) setAnswer(doc, q.id, `answer to ${q.id}`);
  setAnswer(doc, 'custom', 'a question this version does not know');
  const answers = Object.keys(toExportDoc(readBoard(doc)).answers);
  expect(answers).toEqual([...DESIGN_QUESTIONS.map((q) => q.id), 'custom']);
});
