import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard, type NodeId } from '@archboard/shared';
import { dropProbe, findDropContainer, relativeTo } from './dropTarget';

function board() {
  const doc = new Y.Doc();
  const add = (
    id: string,
    kind: string,
    x: number,
    y: number,
    extra: { parent?: string; w?: number; h?: number } = {},
  ) => addNode(doc, { id: id as NodeId, kind, x, y, ...extra, parent: extra.parent as NodeId | undefined });
  add('vpc', 'group.vpc', 100, 100, { w: 600, h: 400 });
  add('subnet', 'group.public-subnet', 50, 50, { parent: 'vpc', w: 200, h: 150 });
  add('other', 'group.region', 1000, 0, { w: 300, h: 300 });
  add('svc', 'aws.lambda', 10, 10);
  return readBoard(doc);
}

describe('findDropContainer', () => {
  it('picks the innermost container under the point', () => {
    expect(findDropContainer(board(), { x: 200, y: 200 })).toBe('subnet');
    expect(findDropContainer(board(), { x: 600, y: 450 })).toBe('vpc');
    expect(findDropContainer(board(), { x: 1100, y: 100 })).toBe('other');
  });

  it('returns null on the bare canvas', () => {
    expect(findDropContainer(board(), { x: 50, y: 50 })).toBeNull();
  });

  it('skips excluded containers (a dragged node and what is inside it)', () => {
    expect(findDropContainer(board(), { x: 200, y: 200 }, new Set(['subnet']))).toBe('vpc');
    expect(findDropContainer(board(), { x: 200, y: 200 }, new Set(['subnet', 'vpc']))).toBeNull();
  });

  it('never nests a container in a smaller one', () => {
    expect(findDropContainer(board(), { x: 200, y: 200 }, new Set(), 250 * 250)).toBe('vpc');
  });
});

describe('relativeTo', () => {
  it('expresses an absolute point in the parent’s coordinates, nested parents included', () => {
    expect(relativeTo(board(), 'subnet' as NodeId, { x: 200, y: 200 })).toEqual({ x: 50, y: 50 });
    expect(relativeTo(board(), null, { x: 200, y: 200 })).toEqual({ x: 200, y: 200 });
  });
});

describe('dropProbe', () => {
  const size = { width: 112, height: 80 };

  it('names the container a dragged node would join, not the one it is in, by its centre', () => {
    const probe = dropProbe(board(), 'svc', ['svc'])!;
    expect(probe({ x: 160, y: 160 }, size)).toBe('subnet'); // centre 216, 200
    expect(probe({ x: 500, y: 400 }, size)).toBe('vpc');
    expect(probe({ x: -200, y: -200 }, size)).toBeNull();
  });

  it('is null inside the container the node already sits in, and measures from that container', () => {
    const b = board();
    const inSubnet = { ...b, nodes: b.nodes.map((n) => (n.id === 'svc' ? { ...n, parent: 'subnet' as NodeId } : n)) };
    const probe = dropProbe(inSubnet, 'svc', ['svc'])!;
    expect(probe({ x: 10, y: 10 }, size)).toBeNull(); // still in the subnet
    expect(probe({ x: 300, y: 250 }, size)).toBe('vpc'); // centre 506, 440: out of the subnet, in the VPC
  });

  it('leaves out what is dragged and what is inside it; none without containers to join', () => {
    expect(dropProbe(board(), 'vpc', ['vpc'])!({ x: 900, y: 0 }, { width: 600, height: 400 })).toBeNull();
    expect(dropProbe(board(), 'subnet', ['subnet'])!({ x: 900, y: 0 }, { width: 200, height: 150 })).toBe('other');
    expect(dropProbe({ nodes: board().nodes.filter((n) => n.kind === 'aws.lambda') }, 'svc', ['svc'])).toBeUndefined();
    // inside a dragged container, however deep: it moves with it and joins nothing
    const b = board();
    const inSubnet = { ...b, nodes: b.nodes.map((n) => (n.id === 'svc' ? { ...n, parent: 'subnet' as NodeId } : n)) };
    expect(dropProbe(inSubnet, 'svc', ['vpc', 'svc'])).toBeUndefined();
  });
});
