import type * as Y from 'yjs';
import { layoutNodes, SERVICE_NODE, unionBox, displayLabel } from '../geometry/nodeGeometry';
import { connect } from '../ops/edges';
import { addNode } from '../ops/nodes';
import { setNodeProps } from '../ops/props';
import { err, ok, type Result } from '../ops/result';
import { readBoard, type Board } from '../read/readBoard';
import { edgeMap, EDGE_KEYS } from '../schema/docLayout';
import type { NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import { lintBoard, type Finding, type FixId } from './lint';

/**
 * The design review's automatic fixes. Each one is a single `doc.transact(…, origin)`
 * around the ordinary operations (their own transactions merge into it), so the fix is
 * one undo step, and afterwards `lintBoard(readBoard(doc))` no longer reports the finding.
 */

/** Space left between a new node and the one it was placed beside. */
const GAP = 64;

/**
 * Applies the fix of a finding, answering the id of the node it added or changed. Refused,
 * writing nothing, when the finding has no fix (`invalid-value`), when one of its nodes is
 * gone (`missing-node`), or when the board no longer shows it (`invalid-value`: someone
 * fixed it meanwhile, and a second ALB or DLQ would be wrong).
 */
export function applyFix(doc: Y.Doc, finding: Finding, origin?: unknown): Result<NodeId> {
  if (!finding.fix) return err('invalid-value', `finding ${finding.key} has no automatic fix`);
  const board = readBoard(doc);
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const gone = finding.nodes.find((id) => !byId.has(id));
  if (gone !== undefined) return err('missing-node', gone);
  const current = lintBoard(board).find((f) => f.key === finding.key);
  if (!current) return err('invalid-value', `finding ${finding.key} no longer applies`);
  const subject = byId.get(current.nodes[0]!);
  return FIXES[finding.fix](doc, board, subject, origin);
}

type Fixer = (doc: Y.Doc, board: Board, subject: BoardNode | undefined, origin: unknown) => Result<NodeId>;

const FIXES: Record<FixId, Fixer> = {
  'add-load-balancer': (doc, board, node, origin) => {
    if (!node) return err('missing-node');
    // Only request traffic moves to the ALB: a queue or stream feeding the node stays.
    const incoming = board.edges.filter((e) => e.target === node.id && e.source !== node.id && e.style === 'sync');
    let result: Result<NodeId> = err('missing-node', node.id);
    doc.transact(() => {
      const position = { x: node.x - SERVICE_NODE.width - GAP, y: node.y };
      result = addNode(doc, { kind: 'aws.elb', label: 'ALB', parent: node.parent, ...position }, origin);
      if (!result.ok) return;
      const alb = result.value;
      for (const edge of incoming) edgeMap(doc, edge.id)?.set(EDGE_KEYS.target, alb);
      connect(doc, { source: alb, target: node.id, style: 'sync' }, origin);
    }, origin);
    return result;
  },

  'add-cloudwatch': (doc, board, _node, origin) => {
    const box = unionBox([...layoutNodes(board).values()].map((l) => l.box));
    const position = box ? { x: box.x + box.w + GAP, y: box.y } : { x: 0, y: 0 };
    let result: Result<NodeId> = err('invalid-value');
    doc.transact(() => (result = addNode(doc, { kind: 'aws.cloudwatch', ...position }, origin)), origin);
    return result;
  },

  'add-dlq': (doc, board, queue, origin) => {
    if (!queue) return err('missing-node');
    const height = layoutNodes(board).get(queue.id)?.box.h ?? SERVICE_NODE.width;
    const label = `${displayLabel(queue)} DLQ`;
    let result: Result<NodeId> = err('missing-node', queue.id);
    doc.transact(() => {
      const position = { x: queue.x, y: queue.y + height + GAP / 2 };
      result = addNode(doc, { kind: 'aws.sqs', label, parent: queue.parent, ...position }, origin);
      if (result.ok) connect(doc, { source: queue.id, target: result.value, style: 'async' }, origin);
    }, origin);
    return result;
  },

  'enable-multi-az': (doc, _board, db, origin) => {
    if (!db) return err('missing-node');
    const result = setNodeProps(doc, db.id, { multiAz: true }, origin);
    return result.ok ? ok(db.id) : result;
  },
};
