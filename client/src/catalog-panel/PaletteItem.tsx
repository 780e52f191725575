import type { CatalogEntry } from '@archboard/shared';
import { PALETTE_DRAG_TYPE } from '../canvas/paletteDrag';

interface PaletteItemProps {
  entry: CatalogEntry;
  /** Whether to load the icon yet (see useIconsWhenBoardShown); its box is there either way. */
  icon: boolean;
  onAdd(kind: string): void;
  onHover(entry: CatalogEntry | null, anchor?: DOMRect): void;
}

/** One component of the catalogue: drag it onto the canvas, or click to drop it in the middle. */
export function PaletteItem({ entry, icon, onAdd, onHover }: PaletteItemProps) {
  return (
    <button
      type="button"
      className="palette-item"
      draggable
      data-testid={`palette-item-${entry.id}`}
      aria-label={`Add ${entry.label}`}
      onDragStart={(event) => {
        onHover(null);
        event.dataTransfer.setData(PALETTE_DRAG_TYPE, entry.id);
        event.dataTransfer.setData('text/plain', entry.label);
        event.dataTransfer.effectAllowed = 'copy';
      }}
      onClick={() => onAdd(entry.id)}
      onMouseEnter={(event) => onHover(entry, event.currentTarget.getBoundingClientRect())}
      onMouseLeave={() => onHover(null)}
      onFocus={(event) => onHover(entry, event.currentTarget.getBoundingClientRect())}
      onBlur={() => onHover(null)}
    >
      <img src={icon ? `/icons/${entry.icon}` : undefined} alt="" width={32} height={32} draggable={false} />
      <span>{entry.label}</span>
    </button>
  );
}
