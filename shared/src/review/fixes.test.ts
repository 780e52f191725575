import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { connect } from '../ops/edges';
import { initBoard, setAnswer } from '../ops/meta';
import { addNode, removeNodes } from '../ops/nodes';
import { readBoard } from '../read/readBoard';
import { boardMaps } from '../schema/docLayout';
import type { EdgeStyle } from '../schema/edgeRecord';
import type { NodeId } from '../schema/ids';
import { value } from '../testing/results';
import { applyFix } from './fixes';
import { lintBoard, type Finding, type RuleId } from './lint';

const FIX = { source: 'review-fix' };

/** A board from the real operations: nodes `id: kind` (with an optional parent), then edges. */
function build(nodes: Record<string, string | [kind: string, parent: string]>, edges: [string, string, EdgeStyle][]) {
  const doc = new Y.Doc();
  initBoard(doc, 'fixture', 0);
  let x = 0;
  for (const [id, spec] of Object.entries(nodes)) {
    const [kind, parent] = typeof spec === 'string' ? [spec] : spec;
    value(addNode(doc, { id: id as NodeId, kind, x: (x += 200), y: 100, parent: parent as NodeId | undefined }));
  }
  for (const [source, target, style] of edges)
    value(connect(doc, { source: source as NodeId, target: target as NodeId, style }));
  return doc;
}

const findingOf = (doc: Y.Doc, rule: RuleId): Finding | undefined =>
  lintBoard(readBoard(doc)).find((f) => f.rule === rule);

/**
 * The promise of every fix: the finding fires before; the fix is one transaction with the
 * caller's origin; the finding is gone after; one undo brings the board back as it was.
 */
function checkFix(
  doc: Y.Doc,
  rule: RuleId,
): { before: ReturnType<typeof readBoard>; after: ReturnType<typeof readBoard> } {
  const finding = findingOf(doc, rule);
  expect(finding?.fix).toBeDefined();
  const before = readBoard(doc);
  const { nodes, edges } = boardMaps(doc);
  const undo = new Y.UndoManager([nodes, edges], { trackedOrigins: new Set([FIX]) });
  const origins: unknown[] = [];
  doc.on('afterTransaction', (tr) => origins.push(tr.origin));

  expect(applyFix(doc, finding!, FIX).ok).toBe(true);
  expect(origins).toEqual([FIX]);
  const after = readBoard(doc);
  expect(after.problems).toEqual([]);
  expect(lintBoard(after).map((f) => f.key)).not.toContain(finding!.key);

  expect(undo.undoStack).toHaveLength(1);
  undo.undo();
  expect(readBoard(doc)).toEqual(before);
  expect(findingOf(doc, rule)?.key).toBe(finding!.key);
  return { before, after };
}

describe('applyFix', () => {
  test('add-load-balancer: an ALB left of the node takes its request edges, then calls it', () => {
    const doc = build({ vpc: 'group.vpc', user: 'generic.user', q: 'aws.sqs', svc: ['aws.ecs', 'vpc'] }, [
      ['user', 'svc', 'sync'],
      ['q', 'svc', 'async'],
    ]);
    setAnswer(doc, 'q11', '99.9%');
    const { after } = checkFix(doc, 'single-instance-compute');
    const alb = after.nodes.find((n) => n.kind === 'aws.elb')!;
    const svc = after.nodes.find((n) => n.id === 'svc')!;
    expect(alb).toMatchObject({ label: 'ALB', parent: 'vpc', y: svc.y });
    expect(alb.x).toBeLessThan(svc.x);
    const ends = after.edges.map((e) => `${e.source}>${e.target}:${e.style}`).sort();
    expect(ends).toEqual([`${alb.id}>svc:sync`, 'q>svc:async', `user>${alb.id}:sync`].sort());
  });

  test('add-cloudwatch: CloudWatch beside the bounding box of the board', () => {
    const doc = build({ a: 'aws.lambda', b: 'aws.lambda', c: 'aws.lambda' }, []);
    const { before, after } = checkFix(doc, 'no-monitoring');
    const cw = after.nodes.find((n) => n.kind === 'aws.cloudwatch')!;
    expect(cw.x).toBeGreaterThan(Math.max(...before.nodes.map((n) => n.x)) + 112);
    expect(cw.y).toBe(100);
  });

  test('add-dlq: a queue labelled "<queue> DLQ" under the queue, fed by an async edge', () => {
    const doc = build({ p: 'aws.lambda', q: 'aws.sqs', c: 'aws.lambda' }, [
      ['p', 'q', 'async'],
      ['q', 'c', 'async'],
    ]);
    const { after } = checkFix(doc, 'queue-without-dlq');
    const dlq = after.nodes.find((n) => n.label === 'SQS DLQ')!;
    expect(dlq).toMatchObject({ kind: 'aws.sqs', x: after.nodes.find((n) => n.id === 'q')!.x });
    expect(dlq.y).toBeGreaterThan(100);
    expect(after.edges.find((e) => e.target === dlq.id)).toMatchObject({ source: 'q', style: 'async' });
  });

  test('enable-multi-az: turns on Multi-AZ', () => {
    const doc = build({ db: 'aws.rds' }, []);
    setAnswer(doc, 'q11', 'three nines');
    const { after } = checkFix(doc, 'single-az-database');
    expect(after.nodes[0]?.props).toEqual({ multiAz: true });
  });

  test('refuses, writing nothing, when the nodes are gone, there is no fix, or it was fixed already', () => {
    const doc = build({ p: 'aws.lambda', q: 'aws.sqs', c: 'aws.lambda', user: 'generic.user' }, [
      ['q', 'c', 'async'],
      ['user', 'c', 'sync'],
    ]);
    const dlq = findingOf(doc, 'queue-without-dlq')!;
    const direct = findingOf(doc, 'direct-compute-access')!;
    expect(applyFix(doc, dlq, FIX).ok).toBe(true);
    const writes: unknown[] = [];
    doc.on('update', (u: Uint8Array) => writes.push(u));
    expect(applyFix(doc, dlq, FIX)).toMatchObject({ ok: false, error: { code: 'invalid-value' } });
    expect(applyFix(doc, direct, FIX)).toMatchObject({ ok: false, error: { code: 'invalid-value' } });
    expect(writes).toEqual([]);
    value(removeNodes(doc, ['q' as NodeId]));
    writes.length = 0;
    expect(applyFix(doc, dlq, FIX)).toMatchObject({ ok: false, error: { code: 'missing-node' } });
    expect(writes).toEqual([]);
  });
});
