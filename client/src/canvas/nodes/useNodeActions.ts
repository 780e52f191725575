import { useCallback } from 'react';
import { renameNode, type NodeId } from '@archboard/shared';
import { useSession } from '../../sync/SessionContext';
import { useCanvasReadOnly } from '../CanvasReadOnly';

/** What a node component may do to its own record, through shared operations. */
export function useNodeActions(id: string) {
  const session = useSession();
  const frozen = useCanvasReadOnly();
  const rename = useCallback(
    (label: string) => void renameNode(session.doc, id as NodeId, label, session.origin),
    [session, id],
  );
  const editBoundary = useCallback(() => session.undoManager.stopCapturing(), [session]);
  // A resize is one undo step from pointer down to pointer up, however long it pauses.
  const onResizeStart = useCallback(() => session.beginGesture(), [session]);
  // after this frame's write and the children settling (changeHandlers), then a new step
  const onResizeEnd = useCallback(() => requestAnimationFrame(() => session.endGesture()), [session]);
  return { editable: !session.readOnly && !frozen, rename, editBoundary, onResizeStart, onResizeEnd };
}
