import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { addNode, catalogEntry, layoutNodes, readBoard, type Board, type NodeId } from '@archboard/shared';
import { useSession } from '../sync/SessionContext';
import { findDropContainer, relativeTo } from './dropTarget';
import { GRID, SERVICE_ICON_CENTER_Y, SERVICE_NODE_WIDTH } from './flowTypes';
import { useViewStore } from './ViewStoreContext';

const snap = (v: number) => Math.round(v / GRID) * GRID;

/**
 * Adds a catalogue component where the user dropped it (a point on screen), or in the
 * middle of the visible canvas. The icon, or the centre of a container or note, lands
 * under the pointer; dropped inside a container, the node becomes its child. The new
 * node is selected.
 */
export function useAddComponent(): (kind: string, client?: { x: number; y: number }) => NodeId | undefined {
  const session = useSession();
  const view = useViewStore();
  const { screenToFlowPosition } = useReactFlow();
  const flowStore = useStoreApi();

  return useCallback(
    (kind, client) => {
      const entry = catalogEntry(kind);
      if (!entry || session.readOnly) return undefined;
      let screen = client;
      if (!screen) {
        const rect = flowStore.getState().domNode?.getBoundingClientRect();
        if (!rect) return undefined;
        screen = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
      const point = screenToFlowPosition(screen, { snapToGrid: false });
      const w = entry.size?.w ?? SERVICE_NODE_WIDTH;
      const h = entry.size?.h ?? 0;
      const topLeft =
        entry.shape === 'service'
          ? { x: snap(point.x - SERVICE_NODE_WIDTH / 2), y: snap(point.y - SERVICE_ICON_CENTER_Y) }
          : { x: snap(point.x - w / 2), y: snap(point.y - h / 2) };
      const board = readBoard(session.doc);
      const parent = findDropContainer(board, point, new Set(), entry.shape === 'group' ? w * h : 0);
      // Added by a click (no drop point), nodes would pile up in the middle: each one steps
      // down and right from any node already there, so none hides another.
      const place = client ? topLeft : freeSpot(board, parent, topLeft);
      const position = relativeTo(board, parent, place);
      session.undoManager.stopCapturing();
      const result = addNode(session.doc, { kind, ...position, ...(parent ? { parent } : {}) }, session.origin);
      session.undoManager.stopCapturing();
      if (!result.ok) {
        console.warn(`archboard: could not add ${kind}: ${result.error.message}`);
        return undefined;
      }
      view.update((s) => ({ ...s, selectedNodes: new Set([result.value]), selectedEdges: new Set() }));
      return result.value;
    },
    [session, view, screenToFlowPosition, flowStore],
  );
}

const STEP = 3 * GRID;

/** The first spot on a diagonal from `start` that no node of the same parent occupies. */
function freeSpot(
  board: Board,
  parent: NodeId | null | undefined,
  start: { x: number; y: number },
): { x: number; y: number } {
  const taken = new Set(
    [...layoutNodes(board).values()]
      .filter((l) => (l.node.parent ?? null) === (parent ?? null))
      .map((l) => `${Math.round(l.box.x / GRID)},${Math.round(l.box.y / GRID)}`),
  );
  let at = start;
  for (let i = 0; i < 200 && taken.has(`${Math.round(at.x / GRID)},${Math.round(at.y / GRID)}`); i++)
    at = { x: at.x + STEP, y: at.y + STEP };
  return at;
}
