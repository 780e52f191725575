import { useMemo } from 'react';
import { removeNodes, renameNode, type NodeId } from '@archboard/shared';
import { useSession } from '../../sync/SessionContext';
import { useCanvasReadOnly } from '../CanvasReadOnly';

/**
 * What a node component may do to its own record, through shared operations. The actions
 * are made together, in one hook: every node on the board holds them.
 */
export function useNodeActions(id: string) {
  const session = useSession();
  const frozen = useCanvasReadOnly();
  const actions = useMemo(
    () => ({
      rename: (label: string) => void renameNode(session.doc, id as NodeId, label, session.origin),
      remove: () => void removeNodes(session.doc, [id as NodeId], session.origin),
      editBoundary: () => session.undoManager.stopCapturing(),
      // A resize is one undo step from pointer down to pointer up, however long it pauses.
      onResizeStart: () => session.beginGesture(),
      // after this frame's write and the children settling (changeHandlers), then a new step
      onResizeEnd: () => requestAnimationFrame(() => session.endGesture()),
    }),
    [session, id],
  );
  return { editable: !session.readOnly && !frozen, ...actions };
}
