import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard, type NodeId } from '@archboard/shared';
import { FlowMapper } from './FlowMapper';
import { ViewStore } from './ViewStore';

/** Plain shapes and text labels reach React Flow as `shape` nodes (ShapeNode.tsx), sized by the document. */
describe('shapes through FlowMapper', () => {
  it('maps every shape to a sized "shape" node; only the text label is not connectable', () => {
    const doc = new Y.Doc();
    addNode(doc, { id: 't' as NodeId, kind: 'shape.text', x: 0, y: 0 });
    addNode(doc, { id: 'r' as NodeId, kind: 'shape.rect', x: 0, y: 100, w: 240, h: 136 });
    addNode(doc, { id: 'e' as NodeId, kind: 'shape.ellipse', x: 300, y: 100 });
    addNode(doc, { id: 'c' as NodeId, kind: 'shape.cylinder', x: 600, y: 100 });
    const nodes = new FlowMapper().nodes(readBoard(doc), new ViewStore().getSnapshot(), false, new Map());
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get('t')).toMatchObject({
      type: 'shape',
      style: { width: 160, height: 40 },
      connectable: false,
      zIndex: 0,
    });
    expect(byId.get('r')).toMatchObject({ type: 'shape', style: { width: 240, height: 136 }, connectable: true });
    expect(byId.get('e')).toMatchObject({ type: 'shape', style: { width: 160, height: 96 }, connectable: true });
    expect(byId.get('c')).toMatchObject({
      type: 'shape',
      style: { width: 160, height: 96 },
      data: { kind: 'shape.cylinder', label: '' },
    });
  });
});
