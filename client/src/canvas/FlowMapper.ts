import { MarkerType } from '@xyflow/react';
import {
  edgeCourse,
  edgeFigures,
  catalogEntry,
  layoutNode,
  type EdgeDetour,
  type Board,
  type BoardEdge,
  type BoardNode,
  type NodeLayout,
} from '@archboard/shared';
import { EDGE_APPEARANCE, SELECTED_EDGE_COLOR } from './edgeAppearance';
import type { ArchFlowEdge, ArchFlowNode } from './flowTypes';
import type { Size, ViewState } from './ViewStore';

/** What a node's React Flow object was made from, and the object. */
interface NodeEntry {
  node: BoardNode;
  selected: boolean;
  dragging: boolean;
  lifted: boolean;
  resizing: boolean;
  dropTarget: boolean;
  measured: Size | undefined;
  readOnly: boolean;
  peer: string | undefined;
  value: ArchFlowNode | undefined;
  /** The last pass that met the node (entries of nodes gone are dropped). */
  pass: number;
}

/** What an edge's React Flow object was made from, and the object. */
interface EdgeEntry {
  edge: BoardEdge;
  selected: boolean;
  tools: boolean;
  editing: boolean;
  lifted: boolean;
  readOnly: boolean;
  /**
   * The records its course was worked out from: its source and the source's containers
   * (the first `sourceLength`), then the same for its target.
   */
  ends: BoardNode[];
  sourceLength: number;
  value: ArchFlowEdge;
  pass: number;
}

/** Deeper than any board nests containers (readBoard breaks parent cycles; this only bounds the walk). */
const MAX_NESTING = 32;

/** The fields of a node the React Flow node is made from (the same record is the same). */
const sameNode = (a: BoardNode, b: BoardNode): boolean =>
  a === b ||
  (a.x === b.x &&
    a.y === b.y &&
    a.w === b.w &&
    a.h === b.h &&
    a.parent === b.parent &&
    a.kind === b.kind &&
    a.label === b.label);

/** The fields of an edge the React Flow edge is made from. */
const sameEdge = (a: BoardEdge, b: BoardEdge): boolean =>
  a === b ||
  (a.source === b.source &&
    a.target === b.target &&
    a.sourceHandle === b.sourceHandle &&
    a.targetHandle === b.targetHandle &&
    a.style === b.style &&
    a.twoWay === b.twoWay &&
    a.label === b.label &&
    a.props?.rps === b.props?.rps &&
    a.props?.payloadKB === b.props?.payloadKB &&
    a.props?.fanOut === b.props?.fanOut);

/**
 * While a node is dragged it is lifted: drawn above everything (`zIndex`) on a compositor
 * layer of its own (canvas.css `.is-lifted`), and its edges above it. Then the rest of the
 * board does not change while it moves, so Chromium keeps that part's recording from frame
 * to frame; before, every frame recorded the whole board again, and listed its 1,000 icons
 * again (cc's DiscardableImageMap, about 1.4 ms a frame at 1,000 nodes, the main thread
 * waiting on it at commit). A few nodes at most: each lifted node is a layer.
 */
const LIFTED_Z = 2000;
const MAX_LIFTED = 20;
const liftsWhileDragged = (view: ViewState): boolean => view.dragging.size > 0 && view.dragging.size <= MAX_LIFTED;
/**
 * Containers are not lifted: the edges between their children would pass under them while
 * they moved (their children follow them up, as React Flow keeps a child above its parent).
 */
const lifts = (node: BoardNode | undefined): boolean =>
  node !== undefined && catalogEntry(node.kind)?.shape !== 'group';

/**
 * Maps the board (document data) plus local view state to React Flow's nodes and edges.
 * An element whose inputs did not change keeps its previous object, so React Flow
 * re-adopts and re-renders only what moved. It runs at every frame of a drag on boards of
 * thousands of elements, so checking an element allocates nothing. One mapper per canvas;
 * it holds no document data beyond that cache of derived objects.
 */
export class FlowMapper {
  private readonly nodeCache = new Map<string, NodeEntry>();
  private readonly edgeCache = new Map<string, EdgeEntry>();
  private lastNodes: ArchFlowNode[] = [];
  private lastEdges: ArchFlowEdge[] = [];
  private pass = 0;
  /** The board's nodes by id, for the edges that choose their sides (kept between passes). */
  private readonly byId = new Map<string, BoardNode>();

  /**
   * `next`, or the previous array when it holds the same objects in the same order: React
   * Flow rebuilds its lookups when the array changes, which is every frame of a drag for
   * the nodes but should be never for the edges while no edge changed.
   */
  private static same<T>(previous: T[], next: T[]): T[] {
    return previous.length === next.length && next.every((item, i) => item === previous[i]) ? previous : next;
  }

  /** Drops the entries a pass did not meet, when there are more entries than elements. */
  private static prune(cache: Map<string, { pass: number }>, count: number, pass: number): void {
    if (cache.size > count) for (const [id, entry] of cache) if (entry.pass !== pass) cache.delete(id);
  }

  nodes(board: Board, view: ViewState, readOnly: boolean, peerSelections: ReadonlyMap<string, string>): ArchFlowNode[] {
    const pass = ++this.pass;
    const out: ArchFlowNode[] = [];
    for (const node of board.nodes) {
      const selected = view.selectedNodes.has(node.id);
      const dragging = view.dragging.has(node.id);
      const lifted = dragging && liftsWhileDragged(view) && lifts(node);
      const resizing = view.resizing.has(node.id);
      const dropTarget = view.dropTarget === node.id;
      const measured = view.measured.get(node.id);
      const peer = peerSelections.get(node.id);
      let entry = this.nodeCache.get(node.id);
      if (
        !entry ||
        !sameNode(entry.node, node) ||
        entry.selected !== selected ||
        entry.dragging !== dragging ||
        entry.lifted !== lifted ||
        entry.resizing !== resizing ||
        entry.dropTarget !== dropTarget ||
        entry.measured !== measured ||
        entry.readOnly !== readOnly ||
        entry.peer !== peer
      ) {
        const value = toFlowNode(node, view, lifted, readOnly, peer, entry?.value?.data);
        entry = { node, selected, dragging, lifted, resizing, dropTarget, measured, readOnly, peer, value, pass };
        this.nodeCache.set(node.id, entry);
      } else entry.node = node; // an equal record: the next pass finds it by identity
      entry.pass = pass;
      if (entry.value) out.push(entry.value);
    }
    FlowMapper.prune(this.nodeCache, board.nodes.length, pass);
    return (this.lastNodes = FlowMapper.same(this.lastNodes, out));
  }

  edges(board: Board, view: ViewState, readOnly: boolean): ArchFlowEdge[] {
    const pass = ++this.pass;
    // An edge runs as in the exports (shared's edgeCourse): without stored handles, between
    // the sides that face each other, and around its ends where its sides face away. Both
    // follow its ends' boxes, so its entry holds the node records of each end and of their
    // containers (unchanged records keep their objects): its ends are laid out again only
    // when one of them moved, and alone (laying out the whole board for them was about
    // 80 KB of garbage a frame of a drag).
    const byId = this.byId;
    let indexed = false;
    const index = () => {
      if (indexed) return;
      indexed = true;
      if (byId.size > board.nodes.length) byId.clear();
      for (const node of board.nodes) byId.set(node.id, node);
    };
    const parentOf = (node: BoardNode) => (node.parent === undefined ? undefined : byId.get(node.parent));
    /** Whether `ends` are still the records of the edge's ends and their containers. */
    const sameEnds = (entry: EdgeEntry, source: string, target: string): boolean => {
      const { ends, sourceLength } = entry;
      index();
      let at = 0;
      for (let node = byId.get(source); node && at < MAX_NESTING; node = parentOf(node))
        if (ends[at++] !== node) return false;
      if (at !== sourceLength) return false;
      for (let node = byId.get(target); node && at < sourceLength + MAX_NESTING; node = parentOf(node))
        if (ends[at++] !== node) return false;
      return at === ends.length;
    };
    const endsOf = (source: string, target: string): [BoardNode[], number] => {
      index();
      const ends: BoardNode[] = [];
      for (let node = byId.get(source); node && ends.length < MAX_NESTING; node = parentOf(node)) ends.push(node);
      const sourceLength = ends.length;
      for (let node = byId.get(target); node && ends.length < sourceLength + MAX_NESTING; node = parentOf(node))
        ends.push(node);
      return [ends, sourceLength];
    };
    /** An end's box alone, from its record and its containers' (not the whole board's layout). */
    const layoutOf = (id: string): NodeLayout | undefined => {
      index();
      const node = byId.get(id);
      if (!node) return undefined;
      const containers: BoardNode[] = [];
      // readBoard broke parent cycles; the count only bounds the walk.
      for (let at = parentOf(node); at && containers.length < board.nodes.length; at = parentOf(at))
        containers.push(at);
      return layoutNode(node, containers);
    };
    // The edges of a node being dragged are lifted with it (see LIFTED_Z).
    const lifting = liftsWhileDragged(view);
    const liftedEnd = (id: string): boolean => {
      if (!view.dragging.has(id)) return false;
      index();
      return lifts(byId.get(id));
    };
    const out: ArchFlowEdge[] = [];
    // The style tools are for one edge selected alone: after Ctrl+A every edge is selected,
    // and a picker on each covered the diagram.
    const alone = view.selectedEdges.size === 1 && view.selectedNodes.size === 0;
    for (let edge of board.edges) {
      const selected = view.selectedEdges.has(edge.id);
      const tools = selected && alone;
      const editing = view.editingEdge === edge.id;
      const lifted = lifting && (liftedEnd(edge.source) || liftedEnd(edge.target));
      let entry = this.edgeCache.get(edge.id);
      const own =
        entry !== undefined &&
        sameEdge(entry.edge, edge) &&
        entry.selected === selected &&
        entry.tools === tools &&
        entry.editing === editing &&
        entry.lifted === lifted &&
        entry.readOnly === readOnly;
      if (!entry || !own || !sameEnds(entry, edge.source, edge.target)) {
        const [ends, sourceLength] = endsOf(edge.source, edge.target);
        const record = edge;
        let detour: EdgeDetour = {};
        const source = layoutOf(edge.source);
        const target = layoutOf(edge.target);
        if (source && target) {
          const course = edgeCourse(edge, source, target);
          if (edge.sourceHandle !== course.sides.source || edge.targetHandle !== course.sides.target)
            edge = { ...edge, sourceHandle: course.sides.source, targetHandle: course.sides.target };
          detour = course.detour;
        }
        // An end moved but the edge still runs the same way: the same object.
        const value =
          entry &&
          own &&
          entry.value.sourceHandle === edge.sourceHandle &&
          entry.value.targetHandle === edge.targetHandle &&
          entry.value.data?.centerX === detour.centerX &&
          entry.value.data?.centerY === detour.centerY
            ? entry.value
            : toFlowEdge(edge, detour, selected, tools, editing, lifted, readOnly);
        entry = { edge: record, selected, tools, editing, lifted, readOnly, ends, sourceLength, value, pass };
        this.edgeCache.set(record.id, entry);
      } else entry.edge = edge; // an equal record: the next pass finds it by identity
      entry.pass = pass;
      out.push(entry.value);
    }
    FlowMapper.prune(this.edgeCache, board.edges.length, pass);
    return (this.lastEdges = FlowMapper.same(this.lastEdges, out));
  }
}

function toFlowNode(
  node: BoardNode,
  view: ViewState,
  lifted: boolean,
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
    // Containers sit below everything else, so their contents and the edges over them stay
    // clickable; a node being dragged (lifted) above everything.
    zIndex: lifted ? LIFTED_Z : entry.shape === 'group' ? -1 : 0,
  };
  if (node.parent) flowNode.parentId = node.parent;
  if (view.dropTarget === node.id) flowNode.className = 'is-drop-target';
  else if (lifted) flowNode.className = 'is-lifted';
  if (sized) flowNode.style = { width: node.w ?? entry.size?.w, height: node.h ?? entry.size?.h };
  if (measured) flowNode.measured = measured;
  return flowNode;
}

function toFlowEdge(
  edge: BoardEdge,
  detour: EdgeDetour,
  selected: boolean,
  tools: boolean,
  editing: boolean,
  lifted: boolean,
  readOnly: boolean,
): ArchFlowEdge {
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
      tools,
      editing,
      twoWay: edge.twoWay ?? false,
      ...detour,
    },
    selected,
    deletable: !readOnly,
    markerEnd: { type: MarkerType.ArrowClosed, color, width: 14, height: 14, markerUnits: 'userSpaceOnUse' },
  };
  // React Flow's markers orient auto-start-reverse: the same arrowhead turns around at the start
  if (edge.twoWay) flowEdge.markerStart = flowEdge.markerEnd;
  if (lifted) flowEdge.zIndex = LIFTED_Z + 1;
  if (edge.sourceHandle) flowEdge.sourceHandle = edge.sourceHandle;
  if (edge.targetHandle) flowEdge.targetHandle = edge.targetHandle;
  return flowEdge;
}
