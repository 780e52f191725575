import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, connect, moveNodes, readBoard, resizeNode, type NodeId } from '@archboard/shared';
import { handleEdgeChanges, handleNodeChanges, type ChangeContext } from './changeHandlers';
import { ViewStore } from './ViewStore';

function setup(readOnly = false) {
  const doc = new Y.Doc();
  const origin = { source: 'local' };
  addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 });
  addNode(doc, { id: 'b' as NodeId, kind: 'aws.sqs', x: 200, y: 0 });
  addNode(doc, { id: 'g' as NodeId, kind: 'group.vpc', x: 0, y: 200 });
  connect(doc, { source: 'a' as NodeId, target: 'b' as NodeId, id: 'e' as never });
  const view = new ViewStore();
  // Writes at once instead of per animation frame, like FrameBatcher.flush would.
  const batcher = {
    move: (id: NodeId, x: number, y: number) => void moveNodes(doc, [{ id, x, y }], origin),
    resize: (id: NodeId, w: number, h: number) => void resizeNode(doc, id, { w, h }, origin),
    flush: () => undefined,
  };
  const ctx: ChangeContext = { doc, origin, readOnly, view, batcher };
  return { doc, view, ctx };
}

describe('handleNodeChanges', () => {
  it('writes positions to the doc and keeps drag flags in view state', () => {
    const { doc, view, ctx } = setup();
    handleNodeChanges([{ type: 'position', id: 'a', position: { x: 40, y: 8 }, dragging: true }], ctx);
    expect(readBoard(doc).nodes.find((n) => n.id === 'a')).toMatchObject({ x: 40, y: 8 });
    expect(view.getSnapshot().dragging.has('a')).toBe(true);
    handleNodeChanges([{ type: 'position', id: 'a', dragging: false }], ctx);
    expect(view.getSnapshot().dragging.has('a')).toBe(false);
  });

  it('keeps selection and measurements local, and resizes only on a resizer change', () => {
    const { doc, view, ctx } = setup();
    handleNodeChanges(
      [
        { type: 'select', id: 'a', selected: true },
        { type: 'dimensions', id: 'a', dimensions: { width: 112, height: 80 } },
      ],
      ctx,
    );
    expect(view.getSnapshot().selectedNodes).toEqual(new Set(['a']));
    expect(view.getSnapshot().measured.get('a')).toEqual({ width: 112, height: 80 });
    expect(readBoard(doc).nodes.find((n) => n.id === 'a')?.w).toBeUndefined();

    handleNodeChanges(
      [{ type: 'dimensions', id: 'g', dimensions: { width: 640, height: 420 }, resizing: true, setAttributes: true }],
      ctx,
    );
    expect(readBoard(doc).nodes.find((n) => n.id === 'g')).toMatchObject({ w: 640, h: 420 });
  });

  it('removes nodes and their edges through removeNodes', () => {
    const { doc, ctx } = setup();
    handleNodeChanges([{ type: 'remove', id: 'a' }], ctx);
    const board = readBoard(doc);
    expect(board.nodes.map((n) => n.id).sort()).toEqual(['b', 'g']);
    expect(board.edges).toEqual([]);
  });

  it('changes nothing in the doc for a view-only board', () => {
    const { doc, ctx } = setup(true);
    const before = Y.encodeStateVector(doc);
    handleNodeChanges(
      [
        { type: 'position', id: 'a', position: { x: 99, y: 99 } },
        { type: 'remove', id: 'b' },
      ],
      ctx,
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('does not notify when a change repeats the current view state', () => {
    const { view, ctx } = setup();
    handleNodeChanges([{ type: 'select', id: 'a', selected: true }], ctx);
    const snapshot = view.getSnapshot();
    handleNodeChanges([{ type: 'select', id: 'a', selected: true }], ctx);
    expect(view.getSnapshot()).toBe(snapshot);
  });
});

describe('handleEdgeChanges', () => {
  it('selects locally and removes through removeEdges', () => {
    const { doc, view, ctx } = setup();
    handleEdgeChanges([{ type: 'select', id: 'e', selected: true }], ctx);
    expect(view.getSnapshot().selectedEdges.has('e')).toBe(true);
    handleEdgeChanges([{ type: 'remove', id: 'e' }], ctx);
    expect(readBoard(doc).edges).toEqual([]);
  });
});
