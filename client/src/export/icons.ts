import { catalogEntry, type Board, type IconSource } from '@archboard/shared';

const cache = new Map<string, Promise<string | undefined>>();

/** Fetches an icon's SVG once per page (the same files the canvas shows). */
function fetchIcon(path: string): Promise<string | undefined> {
  let pending = cache.get(path);
  if (!pending) {
    pending = fetch(`/icons/${path}`)
      .then((r) => (r.ok ? r.text() : undefined))
      .catch((e: unknown) => {
        console.warn(`archboard: icon ${path} unavailable; exporting without it`, e);
        cache.delete(path);
        return undefined;
      });
    cache.set(path, pending);
  }
  return pending;
}

/** The icons a board's export embeds, fetched up front, so `toSvg` (synchronous, no IO) can draw them. */
export async function iconsFor(board: Board): Promise<IconSource> {
  const paths = [...new Set(board.nodes.map((n) => catalogEntry(n.kind)?.icon).filter((p) => p !== undefined))];
  const loaded = new Map(await Promise.all(paths.map(async (p) => [p, await fetchIcon(p)] as const)));
  return (path) => loaded.get(path);
}
