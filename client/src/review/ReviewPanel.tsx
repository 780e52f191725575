import { useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import {
  applyFix,
  dismissFinding,
  formatCount,
  GROWTHS,
  reopenFinding,
  type Finding,
  type NodeId,
} from '@archboard/shared';
import { FIT_VIEW } from '../canvas/fitView';
import { useViewStore } from '../canvas/ViewStoreContext';
import type { BoardContent } from '../sync/boardContent';
import type { BoardSession } from '../sync/BoardSession';
import { useReview } from './ReviewContext';
import type { ReviewStore } from './ReviewStore';
import './review.css';

const FIX_LABEL: Record<NonNullable<Finding['fix']>, string> = {
  'add-load-balancer': 'Add a load balancer',
  'add-cloudwatch': 'Add CloudWatch',
  'add-dlq': 'Add a dead-letter queue',
  'enable-multi-az': 'Turn on Multi-AZ',
};

const ENTRY_SOURCE = {
  q5: 'from the answer to question 5',
  edges: 'from the rps set on edges leaving users and clients',
  inner: 'from the rps set on the first edges that carry it (no user or client states its own)',
  none: 'no traffic stated: answer question 5 or set rps on the edges leaving users',
} as const;

/**
 * The design review beside the board: the guide's advice checked against the diagram
 * (findings with the guide's line, a fix where one is known, dismissals shared with the
 * team) and the load estimate with what saturates first as traffic grows.
 */
export function ReviewPanel({
  session,
  store,
  board,
  shown,
  me,
  onClose,
}: {
  session: BoardSession;
  /** The review of the board on screen: the live board's, or `shown`'s. */
  store: ReviewStore;
  board: BoardContent;
  /** A board on screen instead of the live one (a version, a replay step): its review, read-only. */
  shown?: BoardContent | undefined;
  me: string;
  onClose(): void;
}) {
  const review = useReview(store);
  const view = useViewStore();
  const { fitView } = useReactFlow();
  const editable = !session.readOnly && shown === undefined;
  const labelOf = (id: string) => (shown ?? board).nodes.find((n) => n.id === id)?.label || id;

  useEffect(() => {
    store.setShowLoad(true);
    return () => store.setShowLoad(false);
  }, [store]);

  /** Selects a finding's nodes and edges and brings them into view. */
  const show = (nodes: readonly string[], edges: readonly string[] = []) => {
    view.update((s) => ({ ...s, selectedNodes: new Set(nodes), selectedEdges: new Set(edges) }));
    if (nodes.length > 0) void fitView({ ...FIT_VIEW, nodes: nodes.map((id) => ({ id })), duration: 300 });
  };

  /** One undo step of this person's, apart from whatever they did just before. */
  const asOneStep = (write: () => void) => {
    session.undoManager.stopCapturing();
    write();
    session.undoManager.stopCapturing();
  };

  const { estimate, saturation } = review;
  return (
    <aside className="side-panel review-panel" aria-label="Design review" data-testid="review-panel">
      <header className="review-panel__head">
        <div>
          <h2>Design review</h2>
          <span className="review-panel__summary">
            {!review.reviewed
              ? 'Reviewing…'
              : review.open.length === 0
                ? 'No open findings'
                : `${review.open.length} open finding${review.open.length === 1 ? '' : 's'}`}
            {review.dismissed.length > 0 && ` · ${review.dismissed.length} dismissed`}
            {shown && ' on the board shown'}
          </span>
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close design review" title="Close">
          ×
        </button>
      </header>
      <div className="review-panel__body">
        {review.reviewed && review.open.length === 0 && (
          <p className="review-panel__empty">The diagram follows the guide’s advice as far as the review can tell.</p>
        )}
        <ul className="review-findings">
          {review.open.map((finding) => (
            <FindingItem
              key={finding.key}
              finding={finding}
              editable={editable}
              onShow={() => show(finding.nodes, finding.edges)}
              onFix={() => asOneStep(() => applyFix(session.doc, finding, session.origin))}
              onDismiss={(reason) =>
                asOneStep(() =>
                  dismissFinding(session.doc, finding.key, { reason, by: me, at: Date.now() }, session.origin),
                )
              }
            />
          ))}
        </ul>
        {review.dismissed.length > 0 && (
          <details className="review-dismissed" data-testid="review-dismissed">
            <summary>Dismissed ({review.dismissed.length})</summary>
            <ul>
              {review.dismissed.map(({ finding, dismissal }) => (
                <li key={finding.key} data-testid="review-dismissed-finding" data-key={finding.key}>
                  <span className="review-dismissed__message">{finding.message}</span>
                  <span className="review-dismissed__by">
                    {dismissal.by || 'Someone'}
                    {dismissal.reason ? `: “${dismissal.reason}”` : ''}
                  </span>
                  {editable && (
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      data-testid="review-reopen"
                      onClick={() => asOneStep(() => reopenFinding(session.doc, finding.key, session.origin))}
                    >
                      Reopen
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </details>
        )}

        {review.reviewed && (
          <section className="review-load" aria-label="Load estimate">
            <h3>Load estimate</h3>
            <p className="review-load__entry">
              {estimate.entrySource === 'none' ? (
                ENTRY_SOURCE.none
              ) : (
                <>
                  <strong>{formatCount(estimate.entryRps)} requests/s</strong> at the entry,{' '}
                  {ENTRY_SOURCE[estimate.entrySource]}
                </>
              )}
            </p>
            <div className="review-growth" role="group" aria-label="Traffic growth">
              {GROWTHS.map((growth) => (
                <button
                  key={growth}
                  type="button"
                  className={`button button--ghost button--small${review.growth === growth ? ' is-active' : ''}`}
                  aria-pressed={review.growth === growth}
                  data-testid={`review-growth-${growth}`}
                  onClick={() => store.setGrowth(growth)}
                >
                  ×{growth}
                </button>
              ))}
            </div>
            {estimate.bottlenecks.length === 0 ? (
              <p className="review-load__none">
                {estimate.entrySource === 'none' ? '' : `Nothing above 80 % of capacity at ×${review.growth}.`}
              </p>
            ) : (
              <ol className="review-bottlenecks">
                {estimate.bottlenecks.map(({ node, utilisation }) => (
                  <li key={node} data-testid="review-bottleneck" data-node={node}>
                    <button type="button" className="review-link" onClick={() => show([node])}>
                      {labelOf(node)}
                    </button>
                    <span className={`load-badge load-badge--${utilisation >= 1 ? 'over' : 'high'}`}>
                      {Math.round(utilisation * 100)}%
                    </span>
                    <span className="review-bottlenecks__load">
                      {formatCount(estimate.nodes[node as NodeId]?.load ?? 0)} of{' '}
                      {formatCount(estimate.nodes[node as NodeId]?.capacity ?? 0)} rps
                    </span>
                  </li>
                ))}
              </ol>
            )}
            {saturation && (
              <p className="review-load__first" data-testid="review-first-to-saturate">
                First to saturate: <strong>{labelOf(saturation.node)}</strong> at ×{saturation.growth} traffic.
              </p>
            )}
            {estimate.cycles.length > 0 && (
              <p className="review-load__cycles">
                {estimate.cycles.length === 1 ? 'A loop' : `${estimate.cycles.length} loops`} in the traffic (
                {estimate.cycles[0]!.map(labelOf).join(' → ')}): counted once around.
              </p>
            )}
          </section>
        )}
      </div>
    </aside>
  );
}

function FindingItem({
  finding,
  editable,
  onShow,
  onFix,
  onDismiss,
}: {
  finding: Finding;
  editable: boolean;
  onShow(): void;
  onFix(): void;
  onDismiss(reason: string): void;
}) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <li
      className={`review-finding review-finding--${finding.severity}`}
      data-testid="review-finding"
      data-rule={finding.rule}
      data-key={finding.key}
    >
      <button type="button" className="review-finding__message" onClick={onShow} title="Show on the board">
        <span className={`review-severity review-severity--${finding.severity}`}>{finding.severity}</span>
        {finding.message}
      </button>
      <p className="review-finding__suggestion">{finding.suggestion}</p>
      <blockquote className="review-finding__guide">
        “{finding.guide.quote}” <cite>guide, line {finding.guide.line}</cite>
      </blockquote>
      {editable && !dismissing && (
        <div className="review-finding__actions">
          {finding.fix && (
            <button
              type="button"
              className="button button--primary button--small"
              data-testid="review-apply-fix"
              onClick={onFix}
            >
              {FIX_LABEL[finding.fix]}
            </button>
          )}
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid="review-dismiss"
            onClick={() => setDismissing(true)}
          >
            Dismiss
          </button>
        </div>
      )}
      {editable && dismissing && (
        <form
          className="review-finding__dismiss"
          onSubmit={(event) => {
            event.preventDefault();
            onDismiss(reason);
            setDismissing(false);
          }}
        >
          <input
            autoFocus
            value={reason}
            maxLength={500}
            placeholder="Why? (optional, everyone sees it)"
            data-testid="review-dismiss-reason"
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              event.stopPropagation();
              if (event.key === 'Escape') setDismissing(false);
            }}
          />
          <button type="submit" className="button button--primary button--small" data-testid="review-dismiss-confirm">
            Dismiss
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setDismissing(false)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}
