import { EDGE_STYLES, type EdgeStyle } from '@archboard/shared';
import { EDGE_APPEARANCE } from '../edgeAppearance';

/** A row of the four traffic styles, shown beside a selected edge. */
export function EdgeStylePicker({ value, onPick }: { value: EdgeStyle; onPick(style: EdgeStyle): void }) {
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
            onClick={(event) => {
              event.stopPropagation();
              onPick(style);
            }}
          >
            <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true">
              <line
                x1="2"
                y1="5"
                x2="26"
                y2="5"
                style={{ ...look.stroke, strokeWidth: style === 'replication' ? 4 : 2 }}
              />
              {look.inner && <line x1="2" y1="5" x2="26" y2="5" stroke="#fff" strokeWidth="1.2" />}
            </svg>
            <span>{look.label}</span>
          </button>
        );
      })}
    </div>
  );
}
