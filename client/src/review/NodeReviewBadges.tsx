import { memo } from 'react';
import { useNodeReview } from './ReviewContext';

const SEVERITY_TITLE: Record<string, string> = {
  error: 'The design review found a problem here',
  warning: 'The design review has advice here',
};

/**
 * The design review's marks on one node: a dot for its most severe open finding, and its
 * estimated load in % of capacity while the review panel is open. Subscribes on its own,
 * so a review update re-renders these and not the node.
 */
function NodeReviewBadgesView({ id }: { id: string }) {
  const { severity, utilisation } = useNodeReview(id);
  if (!severity && utilisation === undefined) return null;
  const level = utilisation === undefined ? '' : utilisation >= 100 ? 'over' : utilisation >= 80 ? 'high' : 'ok';
  return (
    <>
      {severity && (
        <span
          className={`review-badge review-badge--${severity}`}
          data-testid="node-finding-badge"
          data-severity={severity}
          title={SEVERITY_TITLE[severity]}
        >
          !
        </span>
      )}
      {utilisation !== undefined && (
        <span
          className={`load-badge load-badge--${level}`}
          data-testid="node-load-badge"
          title="Estimated load, in % of capacity"
        >
          {utilisation > 999 ? '>999' : utilisation}%
        </span>
      )}
    </>
  );
}

export const NodeReviewBadges = memo(NodeReviewBadgesView);
