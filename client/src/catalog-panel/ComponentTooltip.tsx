import type { CatalogEntry } from '@archboard/shared';

/**
 * The popover beside a hovered palette item: what the component is for and its key
 * advantages (the guide's two columns). Fixed-positioned, so the scrolling palette
 * never clips it.
 */
export function ComponentTooltip({ entry, anchor }: { entry: CatalogEntry; anchor: DOMRect }) {
  const top = Math.max(12, Math.min(anchor.top - 8, window.innerHeight - 220));
  return (
    <div
      className="component-tooltip"
      role="tooltip"
      style={{ top, left: anchor.right + 12 }}
      data-testid="component-tooltip"
    >
      <div className="component-tooltip__head">
        <img src={`/icons/${entry.icon}`} alt="" width={28} height={28} />
        <div>
          <strong>{entry.label}</strong>
          <span>{entry.layer}</span>
        </div>
      </div>
      <p>{entry.purpose}</p>
      <ul>
        {entry.advantages.split(/,\s*/).map((advantage) => (
          <li key={advantage}>{advantage}</li>
        ))}
      </ul>
      <small>Drag onto the canvas, or click to add</small>
    </div>
  );
}
