import { can, type Role } from '@archboard/shared';

/**
 * Follow mode's two presence fields (presence scope: synced through awareness, never
 * stored), beside the ones in presenceState.ts:
 *
 * - `viewport`: what this tab shows: React Flow's transform (`x`, `y`, `zoom`) and the
 *   pane's size in screen pixels (`w`, `h`), so that a follower whose window is another
 *   size can fit the same area of the diagram (followViewport.ts).
 * - `summon`: "bring everyone to me", once: a fresh `id` for each press and the
 *   summoner's viewport at that moment. A page answers an id it has not seen (SummonLedger).
 *
 * Both come from other people's tabs, so they are read through the validators here, and
 * both stay small: the server drops a presence state over MAX_PRESENCE_BYTES (8 KB).
 */
export interface PublishedViewport {
  x: number;
  y: number;
  zoom: number;
  w: number;
  h: number;
}

export interface Summon {
  id: string;
  viewport: PublishedViewport;
}

/** The awareness keys, in one place. */
export const VIEWPORT_FIELD = 'viewport';
export const SUMMON_FIELD = 'summon';

const MAX_SUMMON_ID = 64;
/** Far beyond any screen or zoom React Flow allows: anything else is not a viewport. */
const MAX_ZOOM = 100;
const MAX_PANE = 100_000;

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Reads another tab's `viewport` field; null when it is missing or malformed. */
export function toViewport(value: unknown): PublishedViewport | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y, zoom, w, h } = value as Record<string, unknown>;
  if (!finite(x) || !finite(y) || !finite(zoom) || !finite(w) || !finite(h)) return null;
  if (zoom <= 0 || zoom > MAX_ZOOM || w < 1 || h < 1 || w > MAX_PANE || h > MAX_PANE) return null;
  return { x, y, zoom, w, h };
}

/** Reads another tab's `summon` field; null when it is missing or malformed. */
export function toSummon(value: unknown): Summon | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, viewport } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_SUMMON_ID) return null;
  const valid = toViewport(viewport);
  return valid ? { id, viewport: valid } : null;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * This tab's viewport as published: React Flow's transform and pane size, rounded to what
 * a follower can see (a tenth of a pixel, a hundred-thousandth of zoom); null before the
 * pane has a size.
 */
export function publishedViewport(
  [x, y, zoom]: readonly [number, number, number],
  width: number,
  height: number,
): PublishedViewport | null {
  return toViewport({
    x: round(x, 1),
    y: round(y, 1),
    zoom: round(zoom, 5),
    w: Math.round(width),
    h: Math.round(height),
  });
}

export const sameViewport = (a: PublishedViewport, b: PublishedViewport): boolean =>
  a.x === b.x && a.y === b.y && a.zoom === b.zoom && a.w === b.w && a.h === b.h;

/**
 * Who may "bring everyone to me": the one place to change when the interview mode's `host`
 * role arrives. A courtesy of the UI, not a permission: awareness is not authorised, so a
 * page does not ask who summoned it.
 */
export const canSummon = (role: Role): boolean => can(role, 'write');

/** A summon id no other press on any page will repeat (crypto.randomUUID needs a secure context; this does not). */
export function newSummonId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
