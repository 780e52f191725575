import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { absolutePosition, addNode, layoutNodes, moveNodes, readBoard, type NodeId } from '@archboard/shared';
import { reparentDragged } from './reparentDragged';

const id = (s: string) => s as NodeId;
const size = () => ({ width: 112, height: 80 });

function setup() {
  const doc = new Y.Doc();
  addNode(doc, { id: id('vpc'), kind: 'group.vpc', x: 100, y: 100, w: 600, h: 400 });
  addNode(doc, { id: id('subnet'), kind: 'group.public-subnet', x: 20, y: 40, w: 240, h: 200, parent: id('vpc') });
  addNode(doc, { id: id('fn'), kind: 'aws.lambda', x: 0, y: 0 });
  return doc;
}

const nodeOf = (doc: Y.Doc, s: string) => readBoard(doc).nodes.find((n) => n.id === s);

describe('reparentDragged', () => {
  it('moves a node dropped inside a container into the innermost one, keeping it in place', () => {
    const doc = setup();
    moveNodes(doc, [{ id: id('fn'), x: 150, y: 180 }]);
    reparentDragged(doc, ['fn'], size, undefined);
    expect(nodeOf(doc, 'fn')).toMatchObject({ parent: 'subnet', x: 30, y: 40 });
    expect(absolutePosition(readBoard(doc), id('fn'))).toEqual({ x: 150, y: 180 });
  });

  it('takes a node dragged out of its container back onto the canvas', () => {
    const doc = setup();
    moveNodes(doc, [{ id: id('fn'), x: 150, y: 180 }]);
    reparentDragged(doc, ['fn'], size, undefined);
    moveNodes(doc, [{ id: id('fn'), x: 900, y: 40 }]); // relative to the subnet: now far outside
    reparentDragged(doc, ['fn'], size, undefined);
    expect(nodeOf(doc, 'fn')?.parent).toBeUndefined();
    expect(nodeOf(doc, 'fn')).toMatchObject({ x: 1020, y: 180 });
  });

  it('never puts a container inside itself or its descendants', () => {
    const doc = setup();
    reparentDragged(doc, ['vpc'], () => ({ width: 600, height: 400 }), undefined);
    expect(nodeOf(doc, 'vpc')?.parent).toBeUndefined();
  });

  it('leaves nodes that were dragged together with their container where they are in it', () => {
    const doc = setup();
    reparentDragged(doc, ['vpc', 'subnet'], size, undefined);
    expect(nodeOf(doc, 'subnet')).toMatchObject({ parent: 'vpc', x: 20, y: 40 });
  });

  it('keeps a node dragged with a container it is in, at any depth, and joins none that moved with the drag', () => {
    const doc = setup();
    addNode(doc, { id: id('svc'), kind: 'aws.ec2', x: 10, y: 10, parent: id('subnet') });
    moveNodes(doc, [{ id: id('fn'), x: 150, y: 180 }]); // over the subnet, not in it
    reparentDragged(doc, ['vpc', 'svc', 'fn'], size, undefined);
    expect(nodeOf(doc, 'svc')).toMatchObject({ parent: 'subnet', x: 10, y: 10 });
    expect(nodeOf(doc, 'fn')?.parent).toBeUndefined();
  });

  it("moves a node let go over its new container's edge inside it, in the one transaction of the drop", () => {
    const doc = setup();
    moveNodes(doc, [{ id: id('fn'), x: 300, y: 300 }]); // the subnet spans 120–360 × 140–340: the centre is in
    let updates = 0;
    doc.on('update', () => updates++);
    reparentDragged(doc, ['fn'], size, undefined);
    expect(updates).toBe(1);
    const boxes = layoutNodes(readBoard(doc));
    const fn = boxes.get('fn')!.box;
    const subnet = boxes.get('subnet')!.box;
    expect(nodeOf(doc, 'fn')?.parent).toBe('subnet');
    expect(fn.x + fn.w).toBeLessThanOrEqual(subnet.x + subnet.w);
    expect(fn.y + fn.h).toBeLessThanOrEqual(subnet.y + subnet.h);
  });
});
