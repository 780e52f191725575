import { useMemo, useState } from 'react';
import type { CatalogEntry } from '@archboard/shared';
import { useAddComponent } from '../canvas/useAddComponent';
import { ComponentTooltip } from './ComponentTooltip';
import { bestMatch, filterCatalog } from './filterCatalog';
import { PaletteItem } from './PaletteItem';
import { useIconsWhenBoardShown } from './useIconsWhenBoardShown';
import './catalogPanel.css';

/**
 * The left sidebar: the component catalogue by layer, searchable (best match first; Enter
 * adds it, Escape clears the search), each item draggable.
 */
export function CatalogPanel() {
  const [query, setQuery] = useState('');
  const [hovered, setHovered] = useState<{ entry: CatalogEntry; anchor: DOMRect } | null>(null);
  const layers = useMemo(() => filterCatalog(query), [query]);
  const addComponent = useAddComponent();
  const icons = useIconsWhenBoardShown();

  const onHover = (entry: CatalogEntry | null, anchor?: DOMRect) =>
    setHovered(entry && anchor ? { entry, anchor } : null);

  return (
    <aside className="catalog-panel" aria-label="Components" data-testid="palette">
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
                <PaletteItem
                  key={entry.id}
                  entry={entry}
                  icon={icons}
                  onAdd={(kind) => addComponent(kind)}
                  onHover={onHover}
                />
              ))}
            </div>
          </section>
        ))}
        {layers.length === 0 && <p className="catalog-panel__empty">No component matches “{query}”.</p>}
      </div>
      {hovered && <ComponentTooltip entry={hovered.entry} anchor={hovered.anchor} />}
    </aside>
  );
}
