import * as Y from 'yjs';
import { addNode, connect, type NodeId } from '@archboard/shared';

/**
 * A doc for the client's unit tests: VPC `g` holding Lambda `a` (at 10, 20 inside it),
 * SQS `b` beside the VPC at 700, 20, and an edge from `a` to `b` without stored handles.
 */
export function vpcBoard(): Y.Doc {
  const doc = new Y.Doc();
  addNode(doc, { id: 'g' as NodeId, kind: 'group.vpc', x: 0, y: 0 });
  addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 10, y: 20, parent: 'g' as NodeId });
  addNode(doc, { id: 'b' as NodeId, kind: 'aws.sqs', x: 700, y: 20 });
  connect(doc, { source: 'a' as NodeId, target: 'b' as NodeId });
  return doc;
}
