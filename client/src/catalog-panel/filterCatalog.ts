import { catalogByLayer, type CatalogEntry, type Layer } from '@archboard/shared';

/**
 * The catalogue by layer, keeping entries whose label, id, purpose or advantages contain
 * every word of `query` (case-insensitive). Empty layers are dropped.
 */
export function filterCatalog(query: string): { layer: Layer; entries: CatalogEntry[] }[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (e: CatalogEntry) => {
    const haystack = `${e.label} ${e.id} ${e.purpose} ${e.advantages}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  return catalogByLayer()
    .map(({ layer, entries }) => ({ layer, entries: words.length ? entries.filter(matches) : entries }))
    .filter(({ entries }) => entries.length > 0);
}
