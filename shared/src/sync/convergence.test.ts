import fc from 'fast-check';
import type * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { isContainerKind } from '../ops/rules';
import { connect, removeEdges, renameEdge, setEdgeStyle } from '../ops/edges';
import { dismissFinding, reopenFinding } from '../ops/dismissals';
import { initBoard, migrateBoard, setAnswer } from '../ops/meta';
import { setEdgeProps, setNodeProps } from '../ops/props';
import { addNode, moveNodes, removeNodes, renameNode, reparentNode, resizeNode, setNodeNotes } from '../ops/nodes';
import { repairBoard } from '../ops/repair';
import type { Result } from '../ops/result';
import { readBoard, type Board } from '../read/readBoard';
import { boardMaps, edgeMap, nodeMap, NODE_KEYS, EDGE_KEYS, META_KEYS, SCHEMA_VERSION } from '../schema/docLayout';
import { EDGE_PROP_NAMES, EDGE_STYLES } from '../schema/edgeRecord';
import { NODE_PROP_NAMES, type NodePropName } from '../schema/nodeRecord';
import type { EdgeId, NodeId } from '../schema/ids';
import { TestNetwork } from '../testing/network';

/*
 * SYNC-1 and SYNC-2: replicas that apply random shared operations while the network
 * reorders, loses and cuts their messages end up identical once everything is delivered,
 * and one repair pass leaves a board the reader has no complaint about.
 *
 * A failing run prints fast-check's seed and the shrunk step list, and the error carries
 * the op log of that run. Pin a failing case by copying its steps into a named test below.
 */

const SEED = 20_240_611;
const NUM_RUNS = 150;

const KINDS = ['group.vpc', 'group.az', 'group.private-subnet', 'aws.lambda', 'aws.s3', 'generic.service', 'note'];
const QUESTIONS = ['q1', 'q2'];

const pick = fc.nat({ max: 999 });
const coord = fc.integer({ min: -20, max: 400 });
/** A keystroke-sized edit: at a code-point offset, delete a few, insert a few. */
const edit = fc.record({
  at: fc.nat({ max: 30 }),
  del: fc.nat({ max: 3 }),
  ins: fc.constantFrom('', 'a', 'xy', 'é', '😀', ' db', '→'),
});
const style = fc.constantFrom(...EDGE_STYLES);

const opArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      kind: fc.constantFrom(...KINDS),
      parent: fc.option(pick, { nil: undefined }),
      x: coord,
      y: coord,
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('move' as const), node: pick, x: coord, y: coord }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('resize' as const),
      node: pick,
      w: fc.integer({ min: 1, max: 900 }),
      h: fc.integer({ min: 1, max: 900 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), node: pick, edit }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('notes' as const), node: pick, edit }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('connect' as const), source: pick, target: pick, style }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('reparent' as const),
      node: pick,
      parent: fc.option(pick, { nil: null }),
      x: coord,
      y: coord,
    }),
  },
  // A container into a container: the way concurrent drops make parent cycles.
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('nest' as const), node: pick, parent: pick, x: coord, y: coord }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), node: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('removeEdge' as const), edge: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('style' as const), edge: pick, style }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('renameEdge' as const), edge: pick, edit }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('answer' as const), q: fc.constantFrom(...QUESTIONS), edit }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repair' as const) }) },
  // Schema version 2: settings, traffic figures, dismissals, and the migration itself.
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('props' as const),
      node: pick,
      name: fc.constantFrom(...NODE_PROP_NAMES),
      n: fc.nat({ max: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('edgeProps' as const),
      edge: pick,
      name: fc.constantFrom(...EDGE_PROP_NAMES),
      n: fc.nat({ max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('dismiss' as const),
      key: fc.constantFrom('k1', 'k2'),
      reopen: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('migrate' as const) }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const replica = fc.nat({ max: 3 }); // taken modulo the replica count
const stepArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('op' as const), r: replica, op: opArb }) },
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constant('deliver' as const), pick, count: fc.integer({ min: 1, max: 4 }) }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drop' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('disconnect' as const), r: replica }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reconnect' as const), r: replica }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('resync' as const), a: replica, b: replica }) },
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const scenarioArb = fc.record({
  replicas: fc.integer({ min: 3, max: 4 }),
  // Containers and services every replica knows before the steps start, so that concurrent
  // steps often touch the same nodes.
  preset: fc.integer({ min: 0, max: 4 }),
  // Yjs breaks ties by client id, so the ids are part of the scenario.
  // A board saved by schema version 1, which the replicas migrate (often at once).
  legacy: fc.boolean(),
  clientIds: fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 4, maxLength: 4 }),
  steps: fc.array(stepArb, { minLength: 10, maxLength: 70, size: 'max' }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** A valid value of a setting from a small number (1–6). */
function propValue(name: NodePropName, n: number): number | boolean {
  if (name === 'multiAz' || name === 'public') return n % 2 === 1;
  return name === 'capacityRps' ? n * 100 : n;
}

function applyEdit(current: string, e: { at: number; del: number; ins: string }): string {
  const points = Array.from(current); // edit whole code points, as a text field does
  const at = e.at % (points.length + 1);
  points.splice(at, e.del, e.ins);
  return points.join('');
}

const describeResult = (result: Result<unknown>) =>
  result.ok ? `ok ${JSON.stringify(result.value)}` : `refused ${result.error.code}`;

interface RunOptions {
  /** Whether replica 0 repairs after every remote change (default true). */
  autoRepair?: boolean;
  /** Tallies the problem types replicas see on receiving remote data, to show the fuzz reaches them. */
  seen?: Map<string, number>;
}

/** Runs one scenario; returns the network and the readable log of what happened. */
function run(scenario: Scenario, options: RunOptions = {}) {
  const log: string[] = [];
  const { autoRepair = true, seen } = options;
  const net = new TestNetwork(scenario.replicas, {
    clientIds: scenario.clientIds,
    onReceive: (index, doc) => {
      if (seen) for (const p of readBoard(doc).problems) seen.set(p.type, (seen.get(p.type) ?? 0) + 1);
      // Replica 0 behaves like a client that repairs whatever it sees broken after a remote change.
      if (!autoRepair || index !== 0) return;
      const changed = repairBoard(doc, 'auto-repair');
      if (changed > 0) log.push(`  r0 auto-repair: ${changed} change(s)`);
    },
  });
  initBoard(net.doc(0), 'fuzz', 0);
  if (scenario.legacy) boardMaps(net.doc(0)).meta.set(META_KEYS.schemaVersion, 1);
  for (let i = 0; i < scenario.preset; i++) {
    addNode(net.doc(0), { id: `g${i}` as NodeId, kind: i % 2 ? 'group.az' : 'group.vpc', x: i * 10, y: 0 });
    addNode(net.doc(0), { id: `s${i}` as NodeId, kind: 'aws.lambda', x: i * 10, y: 50 });
  }
  net.settle();
  const counters = Array.from({ length: scenario.replicas }, () => ({ n: 0, e: 0 }));

  const nodesOf = (doc: Y.Doc) => [...boardMaps(doc).nodes.keys()].sort() as NodeId[];
  const groupsOf = (doc: Y.Doc) =>
    nodesOf(doc).filter((id) => isContainerKind(String(nodeMap(doc, id)?.get(NODE_KEYS.kind))));
  const edgesOf = (doc: Y.Doc) => [...boardMaps(doc).edges.keys()].sort() as EdgeId[];
  const choose = <T>(list: T[], index: number): T | undefined => list[index % Math.max(list.length, 1)];
  const textOf = (value: unknown) => (value === undefined ? '' : String(value));

  function applyOp(r: number, op: Op): string {
    const doc = net.doc(r);
    const origin = { source: 'client', replica: r };
    const node = (index: number) => choose(nodesOf(doc), index);
    switch (op.op) {
      case 'add': {
        const counter = counters[r] ?? { n: 0, e: 0 };
        const id = `r${r}n${counter.n++}` as NodeId;
        const parent = op.parent === undefined ? undefined : choose(groupsOf(doc), op.parent);
        const result = addNode(doc, { id, kind: op.kind, x: op.x, y: op.y, parent }, origin);
        return `add ${id} ${op.kind}${parent ? ` in ${parent}` : ''}: ${describeResult(result)}`;
      }
      case 'move': {
        const id = node(op.node);
        if (!id) return 'move: no node';
        return `move ${id} to ${op.x},${op.y}: ${describeResult(moveNodes(doc, [{ id, x: op.x, y: op.y }], origin))}`;
      }
      case 'resize': {
        const id = node(op.node);
        if (!id) return 'resize: no node';
        return `resize ${id} ${op.w}x${op.h}: ${describeResult(resizeNode(doc, id, { w: op.w, h: op.h }, origin))}`;
      }
      case 'rename':
      case 'notes': {
        const id = node(op.node);
        if (!id) return `${op.op}: no node`;
        const key = op.op === 'rename' ? NODE_KEYS.label : NODE_KEYS.notes;
        const next = applyEdit(textOf(nodeMap(doc, id)?.get(key)), op.edit);
        const result = op.op === 'rename' ? renameNode(doc, id, next, origin) : setNodeNotes(doc, id, next, origin);
        return `${op.op} ${id} to ${JSON.stringify(next)}: ${describeResult(result)}`;
      }
      case 'connect': {
        const source = node(op.source);
        const target = choose(
          nodesOf(doc).filter((id) => id !== source),
          op.target,
        );
        if (!source || !target) return 'connect: no node';
        const counter = counters[r] ?? { n: 0, e: 0 };
        const id = `r${r}e${counter.e++}` as EdgeId;
        const result = connect(doc, { id, source, target, style: op.style }, origin);
        return `connect ${id} ${source}→${target}: ${describeResult(result)}`;
      }
      case 'reparent': {
        const id = node(op.node);
        if (!id) return 'reparent: no node';
        const parent = op.parent === null ? null : (choose(groupsOf(doc), op.parent) ?? null);
        const result = reparentNode(doc, id, parent, { x: op.x, y: op.y }, origin);
        return `reparent ${id} into ${parent ?? 'canvas'}: ${describeResult(result)}`;
      }
      case 'nest': {
        const id = choose(groupsOf(doc), op.node);
        const parent = choose(groupsOf(doc), op.parent);
        if (!id || !parent) return 'nest: no container';
        const result = reparentNode(doc, id, parent, { x: op.x, y: op.y }, origin);
        return `nest ${id} into ${parent}: ${describeResult(result)}`;
      }
      case 'remove': {
        const id = node(op.node);
        if (!id) return 'remove: no node';
        return `remove ${id}: ${describeResult(removeNodes(doc, [id], origin))}`;
      }
      case 'removeEdge':
      case 'style':
      case 'renameEdge': {
        const id = choose(edgesOf(doc), op.edge);
        if (!id) return `${op.op}: no edge`;
        if (op.op === 'removeEdge') return `removeEdge ${id}: ${describeResult(removeEdges(doc, [id], origin))}`;
        if (op.op === 'style')
          return `style ${id} ${op.style}: ${describeResult(setEdgeStyle(doc, id, op.style, origin))}`;
        const next = applyEdit(textOf(edgeMap(doc, id)?.get(EDGE_KEYS.label)), op.edit);
        return `renameEdge ${id} to ${JSON.stringify(next)}: ${describeResult(renameEdge(doc, id, next, origin))}`;
      }
      case 'answer': {
        const next = applyEdit(textOf(boardMaps(doc).requirements.get(op.q)), op.edit);
        setAnswer(doc, op.q, next, origin);
        return `answer ${op.q} ${JSON.stringify(next)}`;
      }
      case 'repair':
        return `repair: ${repairBoard(doc, origin)} change(s)`;
      case 'props': {
        const id = node(op.node);
        if (!id) return 'props: no node';
        const value = op.n === 0 ? null : propValue(op.name, op.n);
        return `props ${id} ${op.name}=${value}: ${describeResult(setNodeProps(doc, id, { [op.name]: value }, origin))}`;
      }
      case 'edgeProps': {
        const id = choose(edgesOf(doc), op.edge);
        if (!id) return 'edgeProps: no edge';
        const value = op.n === 0 ? null : op.n;
        return `edgeProps ${id} ${op.name}=${value}: ${describeResult(setEdgeProps(doc, id, { [op.name]: value }, origin))}`;
      }
      case 'dismiss':
        if (op.reopen) reopenFinding(doc, op.key, origin);
        else dismissFinding(doc, op.key, { reason: `by r${r}`, by: `r${r}`, at: r }, origin);
        return `${op.reopen ? 'reopen' : 'dismiss'} ${op.key}`;
      case 'migrate':
        return `migrate: ${migrateBoard(doc, origin) ? 'wrote' : 'nothing to do'}`;
    }
  }

  function applyStep(step: Step): string {
    const n = scenario.replicas;
    switch (step.t) {
      case 'op':
        return `r${step.r % n}${net.isOnline(step.r % n) ? '' : ' (offline)'} ${applyOp(step.r % n, step.op)}`;
      case 'deliver': {
        const delivered: string[] = [];
        for (let i = 0; i < step.count && net.pending > 0; i++) delivered.push(net.deliver(step.pick + i));
        return `deliver ${delivered.join(', ') || 'nothing'}`;
      }
      case 'drop':
        return net.drop(step.pick);
      case 'disconnect':
        net.disconnect(step.r % n);
        return `r${step.r % n} disconnects`;
      case 'reconnect':
        net.reconnect(step.r % n);
        return `r${step.r % n} reconnects and syncs`;
      case 'resync':
        net.resync(step.a % n, step.b % n);
        return `resync r${step.a % n} r${step.b % n}`;
    }
  }

  for (const step of scenario.steps) log.push(applyStep(step));
  return { net, log };
}

/** readBoard with problems in a fixed order: Y.Map iteration order differs between replicas. */
function normalized(board: Board): Board {
  const problems = [...board.problems].sort((a, b) => `${a.type}:${a.id}`.localeCompare(`${b.type}:${b.id}`));
  return { ...board, problems };
}

/** The doc as JSON. Root types appear in toJSON only once defined locally, so define them all first. */
function json(doc: Y.Doc): unknown {
  boardMaps(doc);
  return doc.toJSON();
}

function withLog(log: string[], check: () => void): void {
  try {
    check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- op log ---\n${log.join('\n')}`, { cause: error });
  }
}

/** The checks of SYNC-1 and SYNC-2 on a finished run. */
function checkConverges(scenario: Scenario, options?: RunOptions): void {
  const { net, log } = run(scenario, options);
  withLog(log, () => {
    net.settle();
    log.push('--- settled ---');
    const [first, ...rest] = net.docs;
    if (!first) throw new Error('no replicas');
    // SYNC-1: identical documents and identical readings.
    for (const doc of rest) expect(json(doc)).toEqual(json(first));
    const board = normalized(readBoard(first));
    for (const doc of rest) expect(normalized(readBoard(doc))).toEqual(board);
    // A migration anywhere reaches everyone, and nobody goes back a version.
    if (!scenario.legacy || log.some((line) => line.includes('migrate: wrote')))
      expect(board.schemaVersion).toBe(SCHEMA_VERSION);
    else expect(board.schemaVersion).toBe(1);
    // Only structural problems, never unreadable records: every op writes what the reader accepts.
    for (const p of board.problems) expect(['dangling-edge', 'missing-parent', 'parent-cycle']).toContain(p.type);

    // SYNC-2: two clients repair at the same moment; then nothing is left to complain about.
    const a = net.doc(1);
    const b = net.doc(scenario.replicas - 1);
    log.push(`r1 repair: ${repairBoard(a, 'repair')}`, `r${scenario.replicas - 1} repair: ${repairBoard(b, 'repair')}`);
    net.settle();
    for (const doc of net.docs) {
      expect(readBoard(doc).problems).toEqual([]);
      expect(json(doc)).toEqual(json(first));
      expect(repairBoard(doc)).toBe(0);
    }
  });
}

describe('convergence (SYNC-1, SYNC-2)', () => {
  test(`SYNC-1/2 random ops on 3–4 replicas over a lossy, reordering network converge (seed ${SEED})`, () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(scenarioArb, (scenario) => checkConverges(scenario, { seen })),
      { seed: SEED, numRuns: NUM_RUNS, includeErrorInReport: true },
    );
    // Guards against a generator that stops producing the conflicts this test is about.
    for (const type of ['dangling-edge', 'missing-parent', 'parent-cycle']) {
      expect(seen.get(type) ?? 0, `replicas never saw ${type}`).toBeGreaterThan(0);
    }
  });

  test(`SYNC-1/2 the same without an auto-repairing client: only the final repair pass fixes (seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => checkConverges(scenario, { autoRepair: false })),
      { seed: SEED + 1, numRuns: Math.round(NUM_RUNS / 2), includeErrorInReport: true },
    );
  });

  test('SYNC-1 the network helper itself: a lost message is made up by resync', () => {
    const net = new TestNetwork(3);
    addNode(net.doc(0), { id: 'n' as NodeId, kind: 'aws.s3', x: 0, y: 0 });
    expect(net.pending).toBe(2);
    net.drop(0);
    net.drop(0);
    expect(boardMaps(net.doc(1)).nodes.has('n')).toBe(false);
    net.resync(0, 2);
    net.resync(2, 1);
    expect(boardMaps(net.doc(1)).nodes.has('n')).toBe(true);
    expect(net.inSync()).toBe(true);
  });

  test('SYNC-1 an offline replica sends nothing and receives nothing until it reconnects', () => {
    const net = new TestNetwork(2);
    net.disconnect(1);
    addNode(net.doc(0), { id: 'a' as NodeId, kind: 'aws.s3', x: 0, y: 0 });
    addNode(net.doc(1), { id: 'b' as NodeId, kind: 'aws.s3', x: 0, y: 0 });
    expect(net.pending).toBe(0);
    net.reconnect(1);
    expect(readBoard(net.doc(0)).nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(readBoard(net.doc(1)).nodes.map((n) => n.id)).toEqual(['a', 'b']);
  });
});
