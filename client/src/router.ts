import { useSyncExternalStore, type MouseEvent } from 'react';

/**
 * The app's pages. A board's token travels in the URL fragment, which browsers never
 * send to servers. The board page checks the id itself, so this module (loaded by the
 * landing page too) does not pull in the document model.
 */
export type Route =
  | { page: 'landing' }
  | { page: 'board'; boardId: string; token: string | undefined }
  | { page: 'sign-in-callback' }
  | { page: 'not-found' };

export function parseRoute(location: { pathname: string; hash: string }): Route {
  if (location.pathname === '/' || location.pathname === '') return { page: 'landing' };
  if (location.pathname === '/auth/callback') return { page: 'sign-in-callback' };
  const match = /^\/b\/([^/]+)\/?$/.exec(location.pathname);
  const id = match?.[1] ? decodeURIComponent(match[1]) : undefined;
  if (id === undefined) return { page: 'not-found' };
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? undefined;
  return { page: 'board', boardId: id, token: token || undefined };
}

/** The path of a board with its token in the fragment. */
export const boardPath = (boardId: string, token: string): string =>
  `/b/${encodeURIComponent(boardId)}#token=${encodeURIComponent(token)}`;

/** The full link to share a board with a token. */
export const boardLink = (boardId: string, token: string): string => `${location.origin}${boardPath(boardId, token)}`;

const NAVIGATE = 'archboard:navigate';

/** Moves to `url` inside the app, without a page load. */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATE));
}

function subscribe(listener: () => void): () => void {
  const events = ['popstate', 'hashchange', NAVIGATE];
  events.forEach((name) => window.addEventListener(name, listener));
  return () => events.forEach((name) => window.removeEventListener(name, listener));
}

/** The current route; re-renders on back/forward, fragment changes and `navigate`. */
export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, () => location.pathname + location.hash);
  const [pathname = '/', hash = ''] = splitHash(href);
  return parseRoute({ pathname, hash });
}

function splitHash(href: string): [string, string] {
  const at = href.indexOf('#');
  return at < 0 ? [href, ''] : [href.slice(0, at), href.slice(at)];
}

/** For in-app links: opens in place on a plain click; a modified click (new tab) keeps the browser's behaviour. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
