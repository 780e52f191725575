import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard, type NodeId } from '@archboard/shared';
import { findDropContainer, relativeTo } from './dropTarget';

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
