import { MarkerType } from '@xyflow/react';
import {
  edgeFigures,
  catalogEntry,
  edgeSides,
  layoutNodes,
  type Board,
  type BoardEdge,
  type BoardNode,
  type NodeLayout,
} from '@archboard/shared';
import { EDGE_APPEARANCE, SELECTED_EDGE_COLOR } from './edgeAppearance';
import type { ArchFlowEdge, ArchFlowNode } from './flowTypes';
import type { ViewState } from './ViewStore';

interface Cached<T> {
  key: readonly unknown[];
  value: T;
}

/** Deeper than any board nests containers (readBoard breaks parent cycles; this only bounds the walk). */
const MAX_NESTING = 32;

const sameKey = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Maps the board (document data) plus local view state to React Flow's nodes and edges.
 * An element whose inputs did not change keeps its previous object, so React Flow
 * re-adopts and re-renders only what moved. One mapper per canvas; it holds no document
 * data beyond that cache of derived objects.
 */
export class FlowMapper {
  private nodeCache = new Map<string, Cached<ArchFlowNode>>();
  private edgeCache = new Map<string, Cached<ArchFlowEdge>>();
  private lastNodes: ArchFlowNode[] = [];
  private lastEdges: ArchFlowEdge[] = [];

  /**
   * `next`, or the previous array when it holds the same objects in the same order: React
   * Flow rebuilds its lookups when the array changes, which is every frame of a drag for
   * the nodes but should be never for the edges while no edge changed.
   */
  private static same<T>(previous: T[], next: T[]): T[] {
    return previous.length === next.length && next.every((item, i) => item === previous[i]) ? previous : next;
  }

  nodes(board: Board, view: ViewState, readOnly: boolean, peerSelections: ReadonlyMap<string, string>): ArchFlowNode[] {
    const next = new Map<string, Cached<ArchFlowNode>>();
    const out: ArchFlowNode[] = [];
    for (const node of board.nodes) {
      const measured = view.measured.get(node.id);
      const key = [
        node.x,
        node.y,
        node.w,
        node.h,
        node.parent,
        node.kind,
        node.label,
        view.selectedNodes.has(node.id),
        view.dragging.has(node.id),
        view.resizing.has(node.id),
        measured,
        readOnly,
        peerSelections.get(node.id),
      ] as const;
      const cached = this.nodeCache.get(node.id);
      const value =
        cached && sameKey(cached.key, key)
          ? cached.value
          : toFlowNode(node, view, readOnly, peerSelections.get(node.id), cached?.value.data);
      if (!value) continue;
      next.set(node.id, { key, value });
      out.push(value);
    }
    this.nodeCache = next;
    return (this.lastNodes = FlowMapper.same(this.lastNodes, out));
  }

  edges(board: Board, view: ViewState, readOnly: boolean): ArchFlowEdge[] {
    const next = new Map<string, Cached<ArchFlowEdge>>();
    // An edge without stored handles runs between the sides that face each other, as in
    // the exports (shared's edgeSides). Those sides follow its ends' boxes, so its key holds
    // the node records of each end and of their containers (unchanged records keep their
    // objects): laying out the whole board happens only when one of them moved.
    let byId: Map<string, BoardNode> | undefined;
    const placement = (id: string): BoardNode[] => {
      byId ??= new Map(board.nodes.map((node) => [node.id, node]));
      const chain: BoardNode[] = [];
      for (let node = byId.get(id); node && chain.length < MAX_NESTING; node = node.parent && byId.get(node.parent))
        chain.push(node);
      return chain;
    };
    let layouts: Map<string, NodeLayout> | undefined;
    const out = board.edges.map((edge) => {
      const selected = view.selectedEdges.has(edge.id);
      const editing = view.editingEdge === edge.id;
      const key: unknown[] = [
        edge.source,
        edge.target,
        edge.sourceHandle,
        edge.targetHandle,
        edge.style,
        edge.twoWay,
        edge.label,
        edge.props?.rps,
        edge.props?.payloadKB,
        edge.props?.fanOut,
        selected,
        editing,
        readOnly,
      ];
      const own = key.length;
      const facing = !edge.sourceHandle || !edge.targetHandle;
      if (facing) {
        const source = placement(edge.source);
        key.push(source.length, ...source, ...placement(edge.target));
      }
      const cached = this.edgeCache.get(edge.id);
      let value = cached && sameKey(cached.key, key) ? cached.value : undefined;
      if (!value) {
        if (facing) {
          layouts ??= layoutNodes(board);
          const source = layouts.get(edge.source);
          const target = layouts.get(edge.target);
          if (source && target) {
            const sides = edgeSides(edge, source.box, target.box);
            edge = { ...edge, sourceHandle: sides.source, targetHandle: sides.target };
          }
        }
        // An end moved but the edge still turns the same way: the same object.
        value =
          cached &&
          sameKey(cached.key.slice(0, own), key.slice(0, own)) &&
          cached.value.sourceHandle === edge.sourceHandle &&
          cached.value.targetHandle === edge.targetHandle
            ? cached.value
            : toFlowEdge(edge, selected, editing, readOnly);
      }
      next.set(edge.id, { key, value });
      return value;
    });
    this.edgeCache = next;
    return (this.lastEdges = FlowMapper.same(this.lastEdges, out));
  }
}

function toFlowNode(
  node: BoardNode,
  view: ViewState,
  readOnly: boolean,
  peerColor: string | undefined,
  previousData: ArchFlowNode['data'] | undefined,
): ArchFlowNode | undefined {
  const entry = catalogEntry(node.kind);
  if (!entry) return undefined; // readBoard already skips unknown kinds
  const measured = view.measured.get(node.id);
  const sized = entry.shape !== 'service';
  const flowNode: ArchFlowNode = {
    id: node.id,
    type: entry.shape,
    position: { x: node.x, y: node.y },
    // The same data object while kind, label and peer stay: the node components are memos,
    // so a node that was only measured, moved or selected does not re-render its insides.
    data:
      previousData?.kind === node.kind && previousData.label === node.label && previousData.peerColor === peerColor
        ? previousData
        : peerColor
          ? { kind: node.kind, label: node.label, peerColor }
          : { kind: node.kind, label: node.label },
    selected: view.selectedNodes.has(node.id),
    dragging: view.dragging.has(node.id),
    resizing: view.resizing.has(node.id),
    connectable: entry.connectable && !readOnly,
    deletable: !readOnly,
    // Containers sit below everything else, so their contents and the edges over them stay clickable.
    zIndex: entry.shape === 'group' ? -1 : 0,
  };
  if (node.parent) flowNode.parentId = node.parent;
  if (sized) flowNode.style = { width: node.w ?? entry.size?.w, height: node.h ?? entry.size?.h };
  if (measured) flowNode.measured = measured;
  return flowNode;
}

function toFlowEdge(edge: BoardEdge, selected: boolean, editing: boolean, readOnly: boolean): ArchFlowEdge {
  const color = selected ? SELECTED_EDGE_COLOR : EDGE_APPEARANCE[edge.style].color;
  const flowEdge: ArchFlowEdge = {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: 'arch',
    data: {
      style: edge.style,
      label: edge.label,
      figures: edgeFigures(edge.props),
      editing,
      twoWay: edge.twoWay ?? false,
    },
    selected,
    deletable: !readOnly,
    markerEnd: { type: MarkerType.ArrowClosed, color, width: 14, height: 14, markerUnits: 'userSpaceOnUse' },
  };
  // React Flow's markers orient auto-start-reverse: the same arrowhead turns around at the start
  if (edge.twoWay) flowEdge.markerStart = flowEdge.markerEnd;
  if (edge.sourceHandle) flowEdge.sourceHandle = edge.sourceHandle;
  if (edge.targetHandle) flowEdge.targetHandle = edge.targetHandle;
  return flowEdge;
}
