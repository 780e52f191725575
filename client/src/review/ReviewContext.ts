import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ReviewState, ReviewStore } from './ReviewStore';

export const ReviewContext = createContext<ReviewStore | null>(null);

function useReviewStore(): ReviewStore | null {
  return useContext(ReviewContext);
}

/** The whole review (the panel and the header's count). */
export function useReview(store: ReviewStore): ReviewState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/**
 * The review's version (ReviewStore.getVersion), for the badges. A board of 1,000 nodes has
 * 1,000 of them: one subscription here, a context read in each, not a store subscription
 * each (about 0.4 MB of hooks and effects on that board).
 */
const ReviewVersionContext = createContext(0);

/** Provides the review store, and its version to the badges. */
export function ReviewProvider({ store, children }: { store: ReviewStore; children: ReactNode }) {
  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  return createElement(
    ReviewContext.Provider,
    { value: store },
    createElement(ReviewVersionContext.Provider, { value: version }, children),
  );
}

/** One node's badges: the most severe open finding on it, and its load in % while shown. */
export function useNodeReview(id: string): { severity: string | undefined; utilisation: number | undefined } {
  const store = useReviewStore();
  useContext(ReviewVersionContext); // re-renders the badges when the review changes
  return { severity: store?.severityOf(id), utilisation: store?.utilisationOf(id) };
}

const NO_SUBSCRIPTION = () => () => undefined;

/** The requests/s the load estimate puts on one edge (at the growth shown), if any. */
export function useEdgeEstimate(id: string): number | undefined {
  const store = useReviewStore();
  return useSyncExternalStore(
    store?.subscribe ?? NO_SUBSCRIPTION,
    () => store?.getSnapshot().estimate.edges[id as keyof ReviewState['estimate']['edges']],
  );
}
