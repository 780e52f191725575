import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import {
  addNode,
  boxesOverlap,
  catalogEntry,
  keepInside,
  layoutNode,
  layoutNodes,
  readBoard,
  type Board,
  type NodeId,
} from '@archboard/shared';
import { useSession } from '../sync/SessionContext';
import { findDropContainer, relativeTo } from './dropTarget';
import { GRID, SERVICE_ICON_CENTER_Y, SERVICE_NODE_WIDTH } from './flowTypes';
import { useViewStore } from './ViewStoreContext';

const snap = (v: number) => Math.round(v / GRID) * GRID;

/**
 * Adds a catalogue component where the user dropped it (a point on screen), or in the
 * middle of the visible canvas. The icon, or the centre of a container or note, lands
 * under the pointer; dropped inside a container, the node becomes its child, moved in
 * whole if it would stick out (`keepInside`). The new node is selected.
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
      // Added by a click (no drop point), nodes would pile up in the middle: each one goes to
      // the nearest spot where it covers no node already there (and none covers it).
      const place = client ? topLeft : freeSpot(board, parent, sizeOfNew(kind, entry.label, entry.size), topLeft);
      const position = relativeTo(board, parent, place);
      session.undoManager.stopCapturing();
      const { doc, origin } = session;
      const result = doc.transact(() => {
        const added = addNode(doc, { kind, ...position, ...(parent ? { parent } : {}) }, origin);
        if (added.ok && parent) keepInside(doc, [added.value], origin);
        return added;
      }, origin);
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

/** Room kept between a node added by a click and the nodes around it. */
const GAP = 2 * GRID;
/** How many rings of spots around the middle a click-to-add tries before it gives up and stacks. */
const RINGS = 8;

/** The box a new node of `kind` will have (an icon node's depends on its label). */
function sizeOfNew(kind: string, label: string, size: { w: number; h: number } | undefined): { w: number; h: number } {
  const { box } = layoutNode({ id: 'new' as NodeId, kind, x: 0, y: 0, label, z: 0, ...size }, []);
  return { w: box.w, h: box.h };
}

/**
 * The spot nearest to `start` (on a grid of the new node's size plus a gap; a row counts half
 * again a column, and right before left) where a box of `size` overlaps no node of the same
 * parent, with a gap around it.
 */
function freeSpot(
  board: Board,
  parent: NodeId | null | undefined,
  size: { w: number; h: number },
  start: { x: number; y: number },
): { x: number; y: number } {
  const siblings = [...layoutNodes(board).values()]
    .filter((l) => (l.node.parent ?? null) === (parent ?? null))
    .map((l) => l.box);
  const dx = Math.ceil((size.w + GAP) / GRID) * GRID;
  const dy = Math.ceil((size.h + GAP) / GRID) * GRID;
  const spots: { x: number; y: number; d: number }[] = [];
  for (let j = -RINGS; j <= RINGS; j++)
    for (let i = -RINGS; i <= RINGS; i++)
      spots.push({
        x: start.x + i * dx,
        y: start.y + j * dy,
        d: (i * dx) ** 2 + (1.5 * j * dy) ** 2 + (i < 0 ? 1 : 0),
      });
  spots.sort((a, b) => a.d - b.d);
  const free = spots.find((spot) => {
    const box = { x: spot.x - GAP / 2, y: spot.y - GAP / 2, w: size.w + GAP, h: size.h + GAP };
    return !siblings.some((other) => boxesOverlap(box, other));
  });
  return free ?? start;
}
