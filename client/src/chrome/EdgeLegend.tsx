import { memo } from 'react';
import { EDGE_LOOK, EDGE_STYLES, type EdgeStyle } from '@archboard/shared';
import { isNarrowScreen } from './narrowScreen';
import { useStoredFlag } from './useStoredFlag';
import './chrome.css';

const LEGEND_KEY = 'archboard:legend-open';

/**
 * A line drawn as the canvas draws that kind of traffic (shared's EDGE_LOOK), in the
 * theme's colour for it: `--edge-<style>` from styles/theme.css.
 */
export function EdgeSample({ style, width = 40 }: { style: EdgeStyle; width?: number }) {
  const look = EDGE_LOOK[style];
  const y = 6;
  return (
    <svg width={width} height={12} viewBox={`0 0 ${width} 12`} aria-hidden="true" className="edge-sample">
      <line
        x1={2}
        y1={y}
        x2={width - 2}
        y2={y}
        stroke={`var(--edge-${style})`}
        strokeWidth={look.width}
        strokeDasharray={look.dash}
        strokeLinecap={look.linecap}
      />
      {look.inner && <line x1={2} y1={y} x2={width - 2} y2={y} stroke="var(--edge-inner)" strokeWidth={look.inner} />}
    </svg>
  );
}

/**
 * What the four line styles mean, over a corner of the canvas. Open or closed, once chosen,
 * is kept in this browser, for every board; until then it is open on a board with
 * connections and closed on one without (nothing to explain there, and on a small window
 * the open list covered the empty board's hint), and closed on a phone, where it would
 * cover a third of the canvas. Memoised: it takes only that yes/no from
 * the page, which re-renders on every change of the board.
 */
export const EdgeLegend = memo(function EdgeLegend({ hasEdges }: { hasEdges: boolean }) {
  const [open, setOpen] = useStoredFlag(LEGEND_KEY, hasEdges && !isNarrowScreen());
  return (
    <aside className={`edge-legend${open ? ' is-open' : ''}`} aria-label="Connection styles">
      <button
        type="button"
        className="edge-legend__toggle"
        aria-expanded={open}
        title={open ? 'Hide the legend' : 'What the line styles mean'}
        data-testid="legend-toggle"
        onClick={() => setOpen(!open)}
      >
        <EdgeSample style="async" width={18} />
        <span>Legend</span>
        <svg className="edge-legend__chevron" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
          <path d="M2 3.5 5 6.5 8 3.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      </button>
      {open && (
        <ul className="edge-legend__list" data-testid="edge-legend">
          {EDGE_STYLES.map((style) => (
            <li key={style} data-style={style}>
              <EdgeSample style={style} />
              <span className="edge-legend__text">
                <strong>{EDGE_LOOK[style].label}</strong>
                <span>{EDGE_LOOK[style].hint}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
});
