import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ReviewState, ReviewStore } from './ReviewStore';

export const ReviewContext = createContext<ReviewStore | null>(null);

function useReviewStore(): ReviewStore | null {
  return useContext(ReviewContext);
}

const noSubscribe = () => () => undefined;

/** The whole review (the panel and the header's count). */
export function useReview(store: ReviewStore): ReviewState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** One node's badges: the most severe open finding on it, and its load in % while shown. */
export function useNodeReview(id: string): { severity: string | undefined; utilisation: number | undefined } {
  const store = useReviewStore();
  const severity = useSyncExternalStore(store?.subscribe ?? noSubscribe, () => store?.severityOf(id));
  const utilisation = useSyncExternalStore(store?.subscribe ?? noSubscribe, () => store?.utilisationOf(id));
  return { severity, utilisation };
}
