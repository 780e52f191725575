import { useEffect, useRef } from 'react';
import { useNodesInitialized, useReactFlow } from '@xyflow/react';
import { useSession } from '../sync/SessionContext';
import { useConnection } from '../sync/useConnection';
import { FIT_VIEW } from './fitView';
import { useViewStore } from './ViewStoreContext';

/**
 * Fits the diagram into view once, when the board first has content: after the server's
 * state arrived, or earlier if the local copy already had nodes. A board that starts
 * empty is left alone, so the first drop does not jump the viewport. Either way the view
 * store learns that the board has been shown (ViewStore.isShown).
 */
export function useFitOnLoad(nodeCount: number): void {
  const session = useSession();
  const { serverSynced, localLoaded } = useConnection(session);
  const initialized = useNodesInitialized();
  const { fitView } = useReactFlow();
  const viewStore = useViewStore();
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    if (nodeCount === 0) {
      if (serverSynced) {
        done.current = true;
        viewStore.markShown();
      }
      return;
    }
    if (!initialized || !(serverSynced || localLoaded)) return;
    done.current = true;
    void fitView({ ...FIT_VIEW, duration: 0 });
    viewStore.markShown();
  }, [nodeCount, initialized, serverSynced, localLoaded, fitView, viewStore]);
}
