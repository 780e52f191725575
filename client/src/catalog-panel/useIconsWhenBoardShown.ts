import { useEffect, useState, useSyncExternalStore } from 'react';
import { useViewStore } from '../canvas/ViewStoreContext';
import { whenIdle } from '../idle';

/** Icons come at the latest this long after the palette mounts, shown board or not. */
const ICONS_AT_THE_LATEST_MS = 5000;

/**
 * Whether the palette may load its icons: once the board has been shown (ViewStore.isShown)
 * and the browser is next idle. Each icon is an SVG image, which Chromium loads as a small
 * document of its own on the main thread; forty-odd of them, loading at once, held up the first
 * render of a 1,000-node board by about 0.4 s. The board comes first, then the pictures of
 * the palette (whose labels are there from the start).
 */
export function useIconsWhenBoardShown(): boolean {
  const viewStore = useViewStore();
  const shown = useSyncExternalStore(viewStore.subscribe, viewStore.isShown);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    if (!shown) {
      const timer = setTimeout(() => setReady(true), ICONS_AT_THE_LATEST_MS);
      return () => clearTimeout(timer);
    }
    return whenIdle(() => setReady(true));
  }, [shown, ready]);
  return ready;
}
