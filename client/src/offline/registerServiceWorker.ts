/**
 * Registers /sw.js (client/sw/sw.js), which keeps the app shell so a board opened before
 * loads offline; the board itself comes from IndexedDB. Production builds only: the dev
 * server has no worker, and one would serve stale modules there.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // After load, so installing (which downloads the whole build) never competes with the first paint.
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      // Nothing for the user to do, and the app works online without it; say why for whoever looks.
      console.warn('Archboard: the offline copy of the app could not be set up', error);
    });
  });
}
