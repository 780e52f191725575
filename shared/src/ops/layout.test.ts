import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { toExportJson } from '../export/toExportJson';
import { boxesOverlap, GROUP_HEADER, layoutNodes, unionBox, type Box } from '../geometry/nodeGeometry';
import { readBoard } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { NodeId } from '../schema/ids';
import { countTransactions, syncPair } from '../testing/network';
import { value } from '../testing/results';
import { connect } from './edges';
import { autoLayout, type LayoutDirection } from './layout';
import { initBoard } from './meta';
import { addNode, parentLinks, renameNode, type NewNode } from './nodes';
import { withDescendants } from './rules';

/*
 * LAY-1..LAY-5: automatic layout. Every check is made on the canvas's absolute boxes
 * (layoutNodes), the boxes people see.
 */

const ORIGIN = { source: 'client', connectionId: 'layout-test' };
const nid = (id: string) => id as NodeId;
const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));
const link = (doc: Y.Doc, source: string, target: string) =>
  value(connect(doc, { source: nid(source), target: nid(target) }));

/** A deterministic scatter, so that nodes start on top of each other. */
const scatter = (i: number) => ({ x: (i * 37) % 150, y: (i * 53) % 110 });

/**
 * 40 nodes: a cloud holding a VPC holding a public and a private subnet, an Auto Scaling
 * group inside the private subnet, an empty AZ, icon nodes at every level (some with
 * labels long enough to wrap), a note, and edges within levels, across levels and in a
 * cycle. Everything starts piled up near the origin.
 */
function bigNestedBoard(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, 'Layout', 0);
  let i = 0;
  const put = (id: string, kind: string, parent?: string, label?: string) =>
    add(doc, {
      id: nid(id),
      kind,
      ...scatter(i++),
      ...(parent ? { parent: nid(parent) } : {}),
      ...(label ? { label } : {}),
    });
  put('cloud', 'group.cloud');
  put('vpc', 'group.vpc', 'cloud');
  put('pub', 'group.public-subnet', 'vpc');
  put('priv', 'group.private-subnet', 'vpc');
  put('asg', 'group.asg', 'priv');
  put('az', 'group.az', 'cloud');
  const root = ['user', 'dns', 'cdn', 'waf', 'bucket', 'idp', 'logs', 'alarms', 'trail', 'extra'];
  const rootKinds = ['generic.user', 'aws.route53', 'aws.cloudfront', 'aws.cloudwatch', 'aws.s3', 'aws.cognito'];
  root.forEach((id, k) =>
    put(
      id,
      rootKinds[k % rootKinds.length]!,
      undefined,
      k === 4 ? 'Static assets bucket for the storefront' : undefined,
    ),
  );
  ['apigw', 'queue', 'stream', 'events'].forEach((id, k) =>
    put(id, ['aws.api-gateway', 'aws.sqs', 'aws.kinesis', 'aws.eventbridge'][k]!, 'cloud'),
  );
  ['nat', 'cache', 'db', 'replica'].forEach((id, k) =>
    put(id, ['generic.service', 'aws.elasticache', 'aws.rds', 'aws.rds'][k]!, 'vpc'),
  );
  ['alb', 'bastion', 'web1', 'web2', 'web3'].forEach((id, k) =>
    put(id, ['aws.elb', 'aws.ec2', 'aws.ec2', 'aws.ec2', 'aws.ec2'][k]!, 'pub'),
  );
  ['svc1', 'svc2', 'svc3', 'worker', 'cron', 'fn'].forEach((id, k) =>
    put(
      id,
      ['aws.ecs', 'aws.ecs', 'aws.ecs', 'aws.lambda', 'aws.lambda', 'aws.lambda'][k]!,
      'priv',
      k === 3 ? 'Background worker with a long name' : undefined,
    ),
  );
  ['i1', 'i2', 'i3', 'i4'].forEach((id) => put(id, 'aws.ec2', 'asg'));
  put('memo', 'note');
  expect(readBoard(doc).nodes).toHaveLength(40);

  const edges: [string, string][] = [
    ['user', 'dns'],
    ['dns', 'cdn'],
    ['cdn', 'waf'],
    ['waf', 'apigw'],
    ['cdn', 'bucket'],
    ['user', 'idp'],
    ['apigw', 'alb'],
    ['alb', 'web1'],
    ['alb', 'web2'],
    ['alb', 'web3'],
    ['web1', 'svc1'],
    ['web2', 'svc2'],
    ['web3', 'svc3'],
    ['svc1', 'cache'],
    ['svc2', 'db'],
    ['db', 'replica'],
    ['svc3', 'queue'],
    ['queue', 'worker'],
    ['worker', 'db'],
    ['cron', 'fn'],
    ['fn', 'stream'],
    ['stream', 'events'],
    ['events', 'logs'],
    ['logs', 'alarms'],
    ['alarms', 'trail'],
    ['i1', 'i2'],
    ['i3', 'i4'],
    ['svc1', 'i1'],
    ['bastion', 'nat'],
    ['nat', 'svc1'],
    ['trail', 'user'], // a cycle through the root
    ['vpc', 'extra'],
    ['az', 'events'],
  ];
  for (const [s, t] of edges) link(doc, s, t);
  return doc;
}

/** Every pair of siblings that overlaps, and every child not inside its container (below the header). */
function layoutFaults(doc: Y.Doc, only?: ReadonlySet<string>): string[] {
  const board = readBoard(doc);
  const boxes = layoutNodes(board);
  const faults: string[] = [];
  const byParent = new Map<string | undefined, string[]>();
  for (const node of board.nodes) {
    if (only && !only.has(node.id)) continue;
    byParent.set(node.parent, [...(byParent.get(node.parent) ?? []), node.id]);
    if (node.parent === undefined) continue;
    const child = boxes.get(node.id)!.box;
    const parent = boxes.get(node.parent)!.box;
    const inside =
      child.x >= parent.x &&
      child.y >= parent.y + GROUP_HEADER.iconSize &&
      child.x + child.w <= parent.x + parent.w &&
      child.y + child.h <= parent.y + parent.h;
    if (!inside) faults.push(`${node.id} is not inside ${node.parent}`);
  }
  for (const siblings of byParent.values()) {
    for (let a = 0; a < siblings.length; a++) {
      for (let b = a + 1; b < siblings.length; b++) {
        if (boxesOverlap(boxes.get(siblings[a]!)!.box, boxes.get(siblings[b]!)!.box))
          faults.push(`${siblings[a]} overlaps ${siblings[b]}`);
      }
    }
  }
  return faults;
}

describe('LAY-1 no sibling overlaps, every child inside its container', () => {
  for (const direction of ['LR', 'TB'] as const) {
    test(`LAY-1 a 40-node board with nested containers and edges (${direction})`, () => {
      const doc = bigNestedBoard();
      expect(layoutFaults(doc).length).toBeGreaterThan(0); // the pile it starts from
      const parents = parentLinks(doc);
      const placed = value(autoLayout(doc, { direction }, ORIGIN));
      expect(placed).toHaveLength(40);
      expect(layoutFaults(doc)).toEqual([]);
      expect(parentLinks(doc)).toEqual(parents); // never re-parents
      const board = readBoard(doc);
      expect(board.problems).toEqual([]);
      expect(board.edges).toHaveLength(33);
      // Sizes are whole containers' business: icon nodes keep none, the empty AZ keeps its own.
      expect(board.nodes.find((n) => n.id === 'user')!.w).toBeUndefined();
      expect(board.nodes.find((n) => n.id === 'az')).toMatchObject({ w: 320, h: 360 });
    });
  }

  test('LAY-1 random trees and edges (seeded): no overlaps, children inside, tree unchanged', () => {
    const KINDS = ['aws.lambda', 'aws.s3', 'note', 'group.vpc', 'group.private-subnet', 'aws.dynamodb'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.nat(KINDS.length - 1),
            parent: fc.nat(),
            x: fc.integer({ min: -500, max: 500 }),
            y: fc.integer({ min: -500, max: 500 }),
            label: fc.string({ maxLength: 40 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 30 }),
        fc.constantFrom<LayoutDirection>('LR', 'TB'),
        (specs, pairs, direction) => {
          const doc = new Y.Doc();
          const ids: NodeId[] = [];
          const containers: NodeId[] = [];
          specs.forEach((spec, i) => {
            const kind = KINDS[spec.kind]!;
            const parent =
              containers.length > 0 && spec.parent % 3 !== 0 ? containers[spec.parent % containers.length] : undefined;
            const id = add(doc, {
              id: nid(`n${i}`),
              kind,
              x: spec.x,
              y: spec.y,
              label: spec.label,
              ...(parent ? { parent } : {}),
            });
            ids.push(id);
            if (kind.startsWith('group.')) containers.push(id);
          });
          // replication edges too: their ends go to dagre stacked as one box
          for (const [s, t, replication] of pairs)
            connect(doc, {
              source: ids[s % ids.length]!,
              target: ids[t % ids.length]!,
              ...(replication ? { style: 'replication' as const } : {}),
            });
          const parents = parentLinks(doc);
          value(autoLayout(doc, { direction }, ORIGIN));
          expect(layoutFaults(doc)).toEqual([]);
          expect(parentLinks(doc)).toEqual(parents);
          expect(readBoard(doc).problems).toEqual([]);
        },
      ),
      { seed: 4242, numRuns: 60 },
    );
  });
});

describe('LAY-2 one transaction, one undo step', () => {
  test('LAY-2 the layout is one update with the caller origin, and one undo restores the board exactly', () => {
    const doc = bigNestedBoard();
    const { meta, nodes, edges, requirements } = boardMaps(doc);
    const undo = new Y.UndoManager([meta, nodes, edges, requirements], { trackedOrigins: new Set([ORIGIN]) });
    const before = toExportJson(readBoard(doc));
    const counted = countTransactions(doc, () => autoLayout(doc, { direction: 'LR' }, ORIGIN));
    expect(counted.transactions).toBe(1);
    expect(counted.updates).toBe(1);
    expect(counted.origins).toEqual([ORIGIN]);
    expect(toExportJson(readBoard(doc))).not.toBe(before);
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(toExportJson(readBoard(doc))).toBe(before);
  });

  test('LAY-2 laying out a laid-out board again writes nothing', () => {
    const doc = bigNestedBoard();
    value(autoLayout(doc, { direction: 'TB' }, ORIGIN));
    expect(countTransactions(doc, () => autoLayout(doc, { direction: 'TB' }, ORIGIN)).updates).toBe(0);
  });
});

describe('LAY-3 a partial layout', () => {
  const absolute = (doc: Y.Doc) => new Map([...layoutNodes(readBoard(doc))].map(([id, l]) => [id, l.box]));

  test('LAY-3 lays out only the given nodes and their contents, keeping their top-left corner', () => {
    const doc = bigNestedBoard();
    const chosen = ['user', 'dns', 'cdn', 'waf', 'bucket', 'cloud'].map(nid);
    const before = absolute(doc);
    const scopeIds = new Set<string>(withDescendants(parentLinks(doc), chosen));
    expect(scopeIds.size).toBe(5 + 1 + 28); // the 5 root icons, the cloud and the 28 nodes it holds
    const placed = value(autoLayout(doc, { ids: chosen, direction: 'LR' }, ORIGIN));
    expect(new Set(placed)).toEqual(scopeIds);
    const after = absolute(doc);
    const cornerOf = (boxes: Map<string, Box>) => {
      const u = unionBox(chosen.map((id) => boxes.get(id)!))!;
      return { x: u.x, y: u.y };
    };
    expect(cornerOf(after)).toEqual(cornerOf(before));
    for (const [id, box] of before) if (!scopeIds.has(id)) expect(after.get(id), id).toEqual(box);
    expect(layoutFaults(doc, scopeIds)).toEqual([]);
  });

  test('LAY-3 children of a container that is not laid out: they keep their corner, and it grows to hold them', () => {
    const doc = new Y.Doc();
    add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 100, y: 100, w: 300, h: 200 });
    const kids = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) =>
      add(doc, { id: nid(id), kind: 'aws.lambda', x: 30 + i * 5, y: 60 + i * 3, parent: nid('vpc') }),
    );
    add(doc, { id: nid('outside'), kind: 'aws.s3', x: 2000, y: 0 });
    link(doc, 'a', 'b');
    link(doc, 'b', 'c');
    link(doc, 'a', 'outside'); // an edge out of the laid-out group does not count
    const counted = countTransactions(doc, () => value(autoLayout(doc, { ids: kids, direction: 'LR' }, ORIGIN)));
    expect(counted.transactions).toBe(1);
    const board = readBoard(doc);
    const rel = kids.map((id) => board.nodes.find((n) => n.id === id)!);
    expect(Math.min(...rel.map((n) => n.x))).toBe(30);
    expect(Math.min(...rel.map((n) => n.y))).toBe(60);
    expect(layoutFaults(doc)).toEqual([]); // the VPC grew to hold them all
    const vpc = board.nodes.find((n) => n.id === 'vpc')!;
    expect(vpc).toMatchObject({ x: 100, y: 100 });
    expect(vpc.w).toBeGreaterThan(300);
  });

  test('LAY-3 unknown ids are ignored, and nothing known means nothing written', () => {
    const doc = bigNestedBoard();
    const counted = countTransactions(doc, () => autoLayout(doc, { ids: [nid('gone')], direction: 'LR' }, ORIGIN));
    expect(counted.result).toEqual({ ok: true, value: [] });
    expect(counted.transactions).toBe(0);
  });
});

describe('LAY-4 direction', () => {
  test('LAY-4 a chain runs left to right with LR and top to bottom with TB', () => {
    for (const direction of ['LR', 'TB'] as const) {
      const doc = new Y.Doc();
      ['a', 'b', 'c', 'd'].forEach((id, i) => add(doc, { id: nid(id), kind: 'aws.lambda', ...scatter(3 - i) }));
      link(doc, 'a', 'b');
      link(doc, 'b', 'c');
      link(doc, 'c', 'd');
      value(autoLayout(doc, { direction }, ORIGIN));
      const boxes = layoutNodes(readBoard(doc));
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => boxes.get(id)!.box);
      const along = (box: Box) => (direction === 'LR' ? box.x : box.y);
      const across = (box: Box) => (direction === 'LR' ? box.y : box.x);
      expect(along(a!)).toBeLessThan(along(b!));
      expect(along(b!)).toBeLessThan(along(c!));
      expect(along(c!)).toBeLessThan(along(d!));
      expect(new Set([a, b, c, d].map((box) => across(box!))).size).toBe(1); // one straight line
    }
  });
});

describe('LAY-6 replicas', () => {
  test('LAY-6 a replica sits beside its primary, in the same rank, and the flow goes on past them', () => {
    for (const direction of ['LR', 'TB'] as const) {
      const doc = new Y.Doc();
      ['api', 'fn', 'db', 'replica', 'queue'].forEach((id, i) =>
        add(doc, { id: nid(id), kind: 'aws.lambda', ...scatter(i) }),
      );
      link(doc, 'api', 'fn');
      link(doc, 'fn', 'db');
      link(doc, 'fn', 'queue');
      value(connect(doc, { source: nid('db'), target: nid('replica'), style: 'replication' }));
      value(autoLayout(doc, { direction }, ORIGIN));
      const boxes = layoutNodes(readBoard(doc));
      const [api, fn, db, replica, queue] = ['api', 'fn', 'db', 'replica', 'queue'].map((id) => boxes.get(id)!.box);
      const along = (box: Box) => (direction === 'LR' ? box.x : box.y);
      const across = (box: Box) => (direction === 'LR' ? box.y : box.x);
      expect(along(api!)).toBeLessThan(along(fn!));
      expect(along(fn!)).toBeLessThan(along(db!));
      // the replica in the primary's rank (column of LR, row of TB), not one further along
      expect(along(replica!)).toBe(along(db!));
      expect(across(replica!)).not.toBe(across(db!));
      // the queue, fed by fn like the database, shares their rank too; nothing overlaps
      expect(along(queue!)).toBe(along(db!));
      const all = [api, fn, db, replica, queue] as Box[];
      for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(boxesOverlap(a, b)).toBe(false);
    }
  });
});

describe('LAY-5 convergence', () => {
  test('LAY-5 one replica lays out while the other renames a node: both converge, the rename survives', () => {
    const a = bigNestedBoard();
    const b = new Y.Doc();
    syncPair(a, b);
    value(autoLayout(a, { direction: 'LR' }, ORIGIN));
    value(renameNode(b, nid('svc2'), 'Orders service'));
    value(autoLayout(b, { ids: [nid('pub')], direction: 'TB' }, ORIGIN)); // and a concurrent partial layout
    syncPair(a, b);
    expect(toExportJson(readBoard(a))).toBe(toExportJson(readBoard(b)));
    const board = readBoard(a);
    expect(board.problems).toEqual([]);
    expect(board.nodes.find((n) => n.id === 'svc2')!.label).toBe('Orders service');
  });
});
