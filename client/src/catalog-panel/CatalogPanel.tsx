import { useMemo, useState } from 'react';
import type { CatalogEntry } from '@archboard/shared';
import { useAddComponent } from '../canvas/useAddComponent';
import { isNarrowScreen } from '../chrome/narrowScreen';
import { ComponentTooltip } from './ComponentTooltip';
import { bestMatch, filterCatalog } from './filterCatalog';
import { PaletteItem } from './PaletteItem';
import { useIconsWhenBoardShown } from './useIconsWhenBoardShown';
import './catalogPanel.css';

/**
 * The left sidebar: the component catalogue by layer, searchable (best match first; Enter
 * adds it, Escape clears the search), each item draggable. On a narrow screen (a phone) it
 * would leave the canvas a sliver: it is a drawer there, closed until the "Add" button opens
 * it, and closed again once a part is added, so the new node shows.
 */
export function CatalogPanel() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [hovered, setHovered] = useState<{ entry: CatalogEntry; anchor: DOMRect } | null>(null);
  const layers = useMemo(() => filterCatalog(query), [query]);
  const addComponentAt = useAddComponent();
  const addComponent = (kind: string) => {
    addComponentAt(kind);
    if (isNarrowScreen()) setOpen(false);
  };
  const icons = useIconsWhenBoardShown();

  const onHover = (entry: CatalogEntry | null, anchor?: DOMRect) =>
    setHovered(entry && anchor ? { entry, anchor } : null);

  return (
    <>
      <button
        type="button"
        className="catalog-toggle"
        aria-expanded={open}
        aria-label={open ? 'Close the components' : 'Add components'}
        title={open ? 'Close the components' : 'Add components'}
        data-testid="palette-toggle"
        onClick={() => setOpen(!open)}
      >
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
          <path
            d={open ? 'M6 6l10 10M16 6 6 16' : 'M11 4v14M4 11h14'}
            stroke="currentColor"
            strokeWidth="2.2"
            strokeLinecap="round"
          />
        </svg>
      </button>
      <aside className={`catalog-panel${open ? ' is-open' : ''}`} aria-label="Components" data-testid="palette">
        <div className="catalog-panel__search">
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="m11 11 3.5 3.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          <input
            type="search"
            placeholder="Search components"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              const best = bestMatch(layers);
              if (event.key === 'Enter' && query.trim() !== '' && best) {
                event.preventDefault();
                addComponent(best.id);
              } else if (event.key === 'Escape' && query !== '') {
                event.preventDefault();
                setQuery('');
              }
            }}
            data-testid="palette-search"
            aria-label="Search components"
          />
        </div>
        <div className="catalog-panel__list" onScroll={() => setHovered(null)}>
          {layers.map(({ layer, entries }) => (
            <section key={layer} className="catalog-layer">
              <h3>{layer}</h3>
              <div className="catalog-layer__grid">
                {entries.map((entry) => (
                  <PaletteItem key={entry.id} entry={entry} icon={icons} onAdd={addComponent} onHover={onHover} />
                ))}
              </div>
            </section>
          ))}
          {layers.length === 0 && <p className="catalog-panel__empty">No component matches “{query}”.</p>}
        </div>
        {hovered && <ComponentTooltip entry={hovered.entry} anchor={hovered.anchor} />}
      </aside>
    </>
  );
}
