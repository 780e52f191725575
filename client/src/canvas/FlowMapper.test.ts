import { describe, expect, it } from 'vitest';
import { addNode, connect, moveNodes, readBoard, removeNodes, type NodeId } from '@archboard/shared';
import { FlowMapper } from './FlowMapper';
import { BoardStore } from '../sync/BoardStore';
import { vpcBoard } from '../testing/vpcBoard';
import { ViewStore } from './ViewStore';

describe('FlowMapper', () => {
  it('derives React Flow nodes: parents first, sized containers below, children with parentId', () => {
    const doc = vpcBoard();
    const nodes = new FlowMapper().nodes(readBoard(doc), new ViewStore().getSnapshot(), false, new Map());
    expect(nodes.map((n) => n.id)).toEqual(['g', 'b', 'a']);
    const [group, , child] = nodes;
    expect(group).toMatchObject({ type: 'group', style: { width: 600, height: 380 }, zIndex: -1 });
    expect(child).toMatchObject({ type: 'service', parentId: 'g', position: { x: 10, y: 20 } });
  });

  it('reuses the objects of nodes and edges that did not change', () => {
    const doc = vpcBoard();
    // The live board's reader, as the canvas reads it: records that did not change keep their objects.
    const board = new BoardStore(doc);
    const mapper = new FlowMapper();
    const view = new ViewStore().getSnapshot();
    const first = mapper.nodes(board.getSnapshot(), view, false, new Map());
    const firstEdges = mapper.edges(board.getSnapshot(), view, false);
    moveNodes(doc, [{ id: 'b' as NodeId, x: 720, y: 20 }]);
    const second = mapper.nodes(board.getSnapshot(), view, false, new Map());
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    // b is still to the right of a: the edge leaves and enters by the same sides.
    expect(mapper.edges(board.getSnapshot(), view, false)).toBe(firstEdges);
    board.destroy();
  });

  it('turns an edge without stored handles when an end or its container moves, and only then', () => {
    const doc = vpcBoard();
    addNode(doc, { id: 'c' as NodeId, kind: 'aws.s3', x: 400, y: 600 });
    const board = new BoardStore(doc);
    const mapper = new FlowMapper();
    const view = new ViewStore().getSnapshot();
    const sides = () => {
      const [edge] = mapper.edges(board.getSnapshot(), view, false);
      return edge && [edge.sourceHandle, edge.targetHandle];
    };
    const edges = mapper.edges(board.getSnapshot(), view, false);
    expect(sides()).toEqual(['right', 'left']);
    // A node on neither end moves: nothing to lay out, the same edge.
    moveNodes(doc, [{ id: 'c' as NodeId, x: 20, y: 900 }]);
    expect(mapper.edges(board.getSnapshot(), view, false)).toBe(edges);
    // The target moves below the source: the edge now leaves downwards.
    moveNodes(doc, [{ id: 'b' as NodeId, x: 10, y: 900 }]);
    expect(sides()).toEqual(['bottom', 'top']);
    // The source's container moves below the target: a's box moves with it.
    moveNodes(doc, [{ id: 'g' as NodeId, x: 0, y: 1500 }]);
    expect(sides()).toEqual(['top', 'bottom']);
    board.destroy();
  });

  it('runs an edge whose stored sides face away around its ends, following them as they move', () => {
    const doc = vpcBoard();
    addNode(doc, { id: 'x' as NodeId, kind: 'aws.s3', x: 1000, y: 600 });
    addNode(doc, { id: 'y' as NodeId, kind: 'aws.sqs', x: 1200, y: 600 });
    connect(doc, { source: 'y' as NodeId, target: 'x' as NodeId, sourceHandle: 'right', targetHandle: 'left' });
    const board = new BoardStore(doc);
    const mapper = new FlowMapper();
    const view = new ViewStore().getSnapshot();
    const edge = () => mapper.edges(board.getSnapshot(), view, false).find((e) => e.source === 'y')!;
    const first = edge();
    expect(first).toMatchObject({ sourceHandle: 'right', targetHandle: 'left' });
    // y sits beside x on its right: the path turns back above both (ROUTE-1, shared's edgeDetour).
    expect(first.data?.centerY).toBe(600 - 20);
    expect(first.data?.centerX).toBeUndefined();
    // Nothing moved: the same object.
    expect(edge()).toBe(first);
    // x moves down a little: the path still turns above y, the same object.
    moveNodes(doc, [{ id: 'x' as NodeId, x: 1000, y: 640 }]);
    expect(edge()).toBe(first);
    // x moves up a little: the path turns above x now.
    moveNodes(doc, [{ id: 'x' as NodeId, x: 1000, y: 560 }]);
    const second = edge();
    expect(second).not.toBe(first);
    expect(second.data?.centerY).toBe(560 - 20);
    // x moves far below: React Flow's own course between the rows is clear again.
    moveNodes(doc, [{ id: 'x' as NodeId, x: 1000, y: 1200 }]);
    expect(edge().data?.centerY).toBeUndefined();
    board.destroy();
  });

  it('lifts a node being dragged, and its edges, above everything; not a container, not a crowd', () => {
    const doc = vpcBoard();
    addNode(doc, { id: 'c' as NodeId, kind: 'aws.s3', x: 900, y: 600 });
    connect(doc, { source: 'b' as NodeId, target: 'c' as NodeId });
    const board = new BoardStore(doc);
    const mapper = new FlowMapper();
    const views = new ViewStore();
    const lifted = () => {
      const view = views.getSnapshot();
      const nodes = mapper.nodes(board.getSnapshot(), view, false, new Map());
      const edges = mapper.edges(board.getSnapshot(), view, false);
      // sorted: the board's order follows its Y.Maps, whose order depends on the doc's client id
      const byName = (a: [string, number | undefined], b: [string, number | undefined]) => a[0].localeCompare(b[0]);
      return {
        nodes: nodes
          .filter((n) => n.className === 'is-lifted')
          .map((n): [string, number | undefined] => [n.id, n.zIndex])
          .sort(byName),
        edges: edges
          .filter((e) => e.zIndex !== undefined)
          .map((e): [string, number | undefined] => [`${e.source}-${e.target}`, e.zIndex])
          .sort(byName),
      };
    };
    const drag = (ids: string[]) => views.update((view) => ({ ...view, dragging: new Set(ids) }));
    expect(lifted()).toEqual({ nodes: [], edges: [] });
    drag(['b']);
    expect(lifted()).toEqual({
      nodes: [['b', 2000]],
      edges: [
        ['a-b', 2001],
        ['b-c', 2001],
      ],
    });
    // A container is not lifted (the edges between its children would pass under it), nor its edges.
    drag(['g']);
    expect(lifted()).toEqual({ nodes: [], edges: [] });
    // More than a few nodes at once: none (each lifted node is a layer of its own).
    drag(['b', ...Array.from({ length: 20 }, (_, i) => `n${i}`)]);
    expect(lifted()).toEqual({ nodes: [], edges: [] });
    drag([]);
    const after = lifted();
    expect(after).toEqual({ nodes: [], edges: [] });
    board.destroy();
  });

  it('drops what was removed, and maps an element added again with that id afresh', () => {
    const doc = vpcBoard();
    const board = new BoardStore(doc);
    const mapper = new FlowMapper();
    const view = new ViewStore().getSnapshot();
    mapper.nodes(board.getSnapshot(), view, false, new Map());
    mapper.edges(board.getSnapshot(), view, false);
    removeNodes(doc, ['b' as NodeId]);
    expect(mapper.nodes(board.getSnapshot(), view, false, new Map()).map((n) => n.id)).toEqual(['g', 'a']);
    expect(mapper.edges(board.getSnapshot(), view, false)).toEqual([]);
    addNode(doc, { id: 'b' as NodeId, kind: 'aws.s3', x: 10, y: 600 });
    expect(mapper.nodes(board.getSnapshot(), view, false, new Map()).find((n) => n.id === 'b')).toMatchObject({
      position: { x: 10, y: 600 },
      data: { kind: 'aws.s3' },
    });
    board.destroy();
  });

  it('merges local view state and marks a read-only board', () => {
    const doc = vpcBoard();
    const store = new ViewStore();
    store.update((s) => ({
      ...s,
      selectedNodes: new Set(['b']),
      measured: new Map([['b', { width: 112, height: 84 }]]),
    }));
    const nodes = new FlowMapper().nodes(readBoard(doc), store.getSnapshot(), true, new Map([['a', '#ff0000']]));
    expect(nodes.find((n) => n.id === 'b')).toMatchObject({
      selected: true,
      measured: { width: 112, height: 84 },
      deletable: false,
      connectable: false,
    });
    expect(nodes.find((n) => n.id === 'a')?.data.peerColor).toBe('#ff0000');
  });
});
