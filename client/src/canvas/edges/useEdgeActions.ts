import { useCallback } from 'react';
import { renameEdge, setEdgeStyle, setEdgeTwoWay, type EdgeId, type EdgeStyle } from '@archboard/shared';
import { useSession } from '../../sync/SessionContext';
import { useCanvasReadOnly } from '../CanvasReadOnly';
import { useViewStore } from '../ViewStoreContext';

/** What an edge component may do to its own record, and to the edge-editing view state. */
export function useEdgeActions(id: string) {
  const session = useSession();
  const frozen = useCanvasReadOnly();
  const view = useViewStore();
  const rename = useCallback(
    (label: string) => void renameEdge(session.doc, id as EdgeId, label, session.origin),
    [session, id],
  );
  const restyle = useCallback(
    (style: EdgeStyle) => {
      session.undoManager.stopCapturing();
      setEdgeStyle(session.doc, id as EdgeId, style, session.origin);
    },
    [session, id],
  );
  const setTwoWay = useCallback(
    (twoWay: boolean) => {
      session.undoManager.stopCapturing();
      setEdgeTwoWay(session.doc, id as EdgeId, twoWay, session.origin);
    },
    [session, id],
  );
  const setEditing = useCallback(
    (editing: boolean) => {
      session.undoManager.stopCapturing();
      view.update((s) => ({ ...s, editingEdge: editing ? id : s.editingEdge === id ? null : s.editingEdge }));
    },
    [session, view, id],
  );
  return { editable: !session.readOnly && !frozen, rename, restyle, setTwoWay, setEditing };
}
