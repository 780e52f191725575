import { useMemo } from 'react';
import { renameEdge, setEdgeStyle, setEdgeTwoWay, type EdgeId, type EdgeStyle } from '@archboard/shared';
import { useSession } from '../../sync/SessionContext';
import { useCanvasReadOnly } from '../CanvasReadOnly';
import { useViewStore } from '../ViewStoreContext';

/**
 * What an edge component may do to its own record, and to the edge-editing view state. The
 * actions are made together, in one hook: every edge on the board holds them.
 */
export function useEdgeActions(id: string) {
  const session = useSession();
  const frozen = useCanvasReadOnly();
  const view = useViewStore();
  const actions = useMemo(
    () => ({
      rename: (label: string) => void renameEdge(session.doc, id as EdgeId, label, session.origin),
      restyle: (style: EdgeStyle) => {
        session.undoManager.stopCapturing();
        setEdgeStyle(session.doc, id as EdgeId, style, session.origin);
      },
      setTwoWay: (twoWay: boolean) => {
        session.undoManager.stopCapturing();
        setEdgeTwoWay(session.doc, id as EdgeId, twoWay, session.origin);
      },
      setEditing: (editing: boolean) => {
        session.undoManager.stopCapturing();
        view.update((s) => ({ ...s, editingEdge: editing ? id : s.editingEdge === id ? null : s.editingEdge }));
      },
    }),
    [session, view, id],
  );
  return { editable: !session.readOnly && !frozen, ...actions };
}
