import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ViewState, ViewStore } from './ViewStore';

export const ViewStoreContext = createContext<ViewStore | null>(null);

export function useViewStore(): ViewStore {
  const store = useContext(ViewStoreContext);
  if (!store) throw new Error('useViewStore() outside of a board page');
  return store;
}

export function useViewState(store: ViewStore): ViewState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
