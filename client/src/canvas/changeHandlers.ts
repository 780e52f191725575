import type { EdgeChange, NodeChange } from '@xyflow/react';
import type * as Y from 'yjs';
import { removeEdges, removeNodes, settleChildren, type EdgeId, type NodeId } from '@archboard/shared';
import type { FrameBatcher } from './FrameBatcher';
import type { ArchFlowEdge, ArchFlowNode } from './flowTypes';
import { toggled, type ViewState, type ViewStore } from './ViewStore';

export interface ChangeContext {
  doc: Y.Doc;
  origin: unknown;
  readOnly: boolean;
  view: ViewStore;
  batcher: Pick<FrameBatcher, 'move' | 'resize' | 'flush'>;
}

/** `state` with one field replaced, or `state` itself when the value is the same. */
const withField = <K extends keyof ViewState>(state: ViewState, key: K, value: ViewState[K]): ViewState =>
  state[key] === value ? state : { ...state, [key]: value };

const sameSize = (a: { width: number; height: number } | undefined, b: { width: number; height: number }) =>
  a !== undefined && a.width === b.width && a.height === b.height;

/**
 * Translates React Flow's node changes (see xyflow `utils/changes.ts`): positions and
 * resizes become document operations, measurements, selection and drag flags become
 * local view state, removals become `removeNodes`. Nothing here copies document data
 * into React state: the doc's observer re-renders the canvas.
 */
export function handleNodeChanges(changes: NodeChange<ArchFlowNode>[], ctx: ChangeContext): void {
  const removed: NodeId[] = [];
  const resized: NodeId[] = [];
  let view = ctx.view.getSnapshot();
  // Copied once per batch: React Flow measures every node of a big board in one batch.
  let measured: Map<string, { width: number; height: number }> | undefined;
  for (const change of changes) {
    switch (change.type) {
      case 'position':
        if (change.position && !ctx.readOnly)
          ctx.batcher.move(change.id as NodeId, change.position.x, change.position.y);
        if (change.dragging !== undefined)
          view = withField(view, 'dragging', toggled(view.dragging, change.id, change.dragging));
        break;
      case 'dimensions': {
        const { dimensions, id } = change;
        if (change.resizing !== undefined)
          view = withField(view, 'resizing', toggled(view.resizing, id, change.resizing));
        if (change.resizing === false) resized.push(id as NodeId);
        if (!dimensions) break;
        if (change.setAttributes && !ctx.readOnly)
          ctx.batcher.resize(id as NodeId, dimensions.width, dimensions.height);
        if (!sameSize((measured ?? view.measured).get(id), dimensions))
          (measured ??= new Map(view.measured)).set(id, { ...dimensions });
        break;
      }
      case 'select':
        view = withField(view, 'selectedNodes', toggled(view.selectedNodes, change.id, change.selected));
        break;
      case 'remove':
        removed.push(change.id as NodeId);
        break;
      default:
        break; // add and replace: nodes are only ever added through shared operations
    }
  }
  if (measured) view = withField(view, 'measured', measured);
  ctx.view.update(() => view);
  if (resized.length > 0 && !ctx.readOnly) {
    // A container shrunk past a child lets it go, so no child is drawn outside its container.
    ctx.batcher.flush();
    for (const id of resized) settleChildren(ctx.doc, id, ctx.origin);
  }
  if (removed.length > 0 && !ctx.readOnly) {
    ctx.batcher.flush();
    removeNodes(ctx.doc, removed, ctx.origin);
  }
}

export function handleEdgeChanges(changes: EdgeChange<ArchFlowEdge>[], ctx: ChangeContext): void {
  const removed: EdgeId[] = [];
  let view = ctx.view.getSnapshot();
  for (const change of changes) {
    if (change.type === 'select')
      view = withField(view, 'selectedEdges', toggled(view.selectedEdges, change.id, change.selected));
    else if (change.type === 'remove') removed.push(change.id as EdgeId);
  }
  ctx.view.update(() => view);
  if (removed.length > 0 && !ctx.readOnly) removeEdges(ctx.doc, removed, ctx.origin);
}
