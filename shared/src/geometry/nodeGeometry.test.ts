import { describe, expect, test } from 'vitest';
import type { NodeId } from '../schema/ids';
import type { BoardNode } from '../schema/nodeRecord';
import { layoutNode, layoutNodes } from './nodeGeometry';

const node = (id: string, kind: string, x: number, y: number, extra: Partial<BoardNode> = {}): BoardNode => ({
  id: id as NodeId,
  kind,
  x,
  y,
  label: '',
  z: 0,
  ...extra,
});

describe('one node laid out alone', () => {
  test('GEO-2 layoutNode with its containers gives the box, shape and label lines layoutNodes gives it', () => {
    // readBoard's order: parents first. A service in a VPC in a cloud, a note in the cloud,
    // a service at the root with a label that wraps, and a parent id that is not on the board.
    const nodes = [
      node('cloud', 'group.cloud', 100, 50, { w: 900, h: 600 }),
      node('vpc', 'group.vpc', 40, 60, { w: 500, h: 400, parent: 'cloud' as NodeId }),
      node('fn', 'aws.lambda', 70, 30, { parent: 'vpc' as NodeId, label: 'Orders' }),
      node('memo', 'note', 600, 20, { w: 200, h: 100, parent: 'cloud' as NodeId }),
      node('db', 'aws.dynamodb', -300, 10, { label: 'A table whose name runs over two lines and more' }),
      node('orphan', 'aws.sqs', 5, 6, { parent: 'gone' as NodeId }),
    ];
    const byId = new Map(nodes.map((n) => [n.id as string, n]));
    const containers = (of: BoardNode): BoardNode[] => {
      const chain: BoardNode[] = [];
      for (let at = of.parent && byId.get(of.parent); at; at = at.parent && byId.get(at.parent)) chain.push(at);
      return chain;
    };
    const all = layoutNodes({ nodes });
    for (const n of nodes) expect(layoutNode(n, containers(n)), n.id).toEqual(all.get(n.id));
    expect(layoutNode(nodes[2]!, containers(nodes[2]!)).box).toMatchObject({ x: 210, y: 140 });
  });
});
