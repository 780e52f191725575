import {
  RATINGS,
  RECOMMENDATIONS,
  recommend,
  SCORECARD_AREAS,
  scoreArea,
  type AreaScore,
  type Recommendation,
  type Scorecard,
  type ScorecardArea,
} from '@archboard/shared';
import type * as Y from 'yjs';
import { useDraft } from './useDraft';

/** One rating (1–4, by its word) and one comment per area, and the overall recommendation. */
export function ScorecardTab({ doc, scorecard }: { doc: Y.Doc; scorecard: Scorecard }) {
  return (
    <div className="host-notes__body host-scorecard" data-testid="host-scorecard">
      {SCORECARD_AREAS.map((area) => (
        <AreaRow
          key={area.id}
          area={area.id}
          label={area.label}
          score={scorecard.areas[area.id] ?? { comment: '' }}
          onChange={(score) => scoreArea(doc, area.id, score)}
        />
      ))}
      <label className="host-scorecard__recommendation">
        <span>Recommendation</span>
        <select
          value={scorecard.recommendation ?? ''}
          data-testid="recommendation"
          onChange={(event) => recommend(doc, (event.target.value || undefined) as Recommendation | undefined)}
        >
          <option value="">Not decided</option>
          {RECOMMENDATIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function AreaRow(props: { area: ScorecardArea; label: string; score: AreaScore; onChange(score: AreaScore): void }) {
  const { area, label, score, onChange } = props;
  // The comment is written with the rating as it is when the typing pauses, not as it was.
  const comment = useDraft(score.comment, (text) => onChange({ ...score, comment: text }));
  return (
    <section className="host-scorecard__area" aria-label={label}>
      <h3>{label}</h3>
      <div className="host-rating" role="radiogroup" aria-label={`${label} rating`} data-testid={`score-${area}`}>
        {RATINGS.map((word, index) => {
          const rating = index + 1;
          const checked = score.rating === rating;
          return (
            <button
              key={word}
              type="button"
              role="radio"
              aria-checked={checked}
              className={checked ? 'is-active' : undefined}
              data-rating={rating}
              title={checked ? 'Click again to clear' : `${rating} of 4`}
              // A second click on the chosen rating clears it.
              onClick={() => onChange({ comment: score.comment, ...(checked ? {} : { rating }) })}
            >
              {word}
            </button>
          );
        })}
      </div>
      <textarea
        className="panel-textarea"
        value={comment.value}
        placeholder="Comment"
        aria-label={`${label} comment`}
        maxLength={4000}
        data-testid={`score-comment-${area}`}
        onChange={(event) => comment.onChange(event.target.value)}
        onBlur={comment.onBlur}
      />
    </section>
  );
}
