import { useEffect, useRef, type MouseEvent } from 'react';
import { EDGE_STYLES, type EdgeStyle } from '@archboard/shared';
import { EDGE_APPEARANCE, EDGE_INNER_COLOR } from '../edgeAppearance';

/** Clicks closer together than this are a double-click. */
export const DOUBLE_CLICK_MS = 500;

/** A row of the four traffic styles, shown beside a selected edge. */
export function EdgeStylePicker({ value, onPick }: { value: EdgeStyle; onPick(style: EdgeStyle): void }) {
  // The picker appears on the first click of a double-click (which selects the edge), under
  // the pointer; the second click must not land on it as a choice.
  const shownAt = useRef(Infinity);
  useEffect(() => {
    shownAt.current = performance.now();
  }, []);
  const pick = (event: MouseEvent, style: EdgeStyle) => {
    event.stopPropagation();
    if (event.detail > 1 || !(event.timeStamp - shownAt.current >= DOUBLE_CLICK_MS)) return;
    onPick(style);
  };
  return (
    <div className="edge-style-picker" role="radiogroup" aria-label="Connection style">
      {EDGE_STYLES.map((style) => {
        const look = EDGE_APPEARANCE[style];
        return (
          <button
            key={style}
            type="button"
            role="radio"
            aria-checked={style === value}
            className={style === value ? 'is-active' : undefined}
            title={`${look.label}: ${look.hint}`}
            data-testid={`edge-style-${style}`}
            onClick={(event) => pick(event, style)}
          >
            <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true">
              <line
                x1="2"
                y1="5"
                x2="26"
                y2="5"
                style={{ ...look.stroke, strokeWidth: style === 'replication' ? 4 : 2 }}
              />
              {look.inner && (
                <line x1="2" y1="5" x2="26" y2="5" style={{ stroke: EDGE_INNER_COLOR }} strokeWidth="1.2" />
              )}
            </svg>
            <span>{look.label}</span>
          </button>
        );
      })}
    </div>
  );
}
