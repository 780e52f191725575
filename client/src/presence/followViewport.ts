import type { PublishedViewport } from './followState';

/** React Flow's transform: flow point p shows at screen point p * zoom + (x, y). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** This page's pane and the zoom range React Flow allows on it. */
export interface Screen {
  width: number;
  height: number;
  minZoom: number;
  maxZoom: number;
}

/** The flow point at the middle of the pane. */
const centre = (v: Viewport, width: number, height: number) => ({
  x: (width / 2 - v.x) / v.zoom,
  y: (height / 2 - v.y) / v.zoom,
});

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * The viewport that shows on `screen` the area another page shows: the same flow point in
 * the middle, and the whole of their area visible (a larger pane sees a little more around
 * it, a smaller one zooms out), within the zoom range. Equal panes get the same transform.
 */
export function fitViewport(area: PublishedViewport, screen: Screen): Viewport {
  if (screen.width < 1 || screen.height < 1) return { x: area.x, y: area.y, zoom: area.zoom };
  const middle = centre(area, area.w, area.h);
  const scale = Math.min(screen.width / area.w, screen.height / area.h);
  const zoom = clamp(area.zoom * scale, screen.minZoom, screen.maxZoom);
  return { x: screen.width / 2 - middle.x * zoom, y: screen.height / 2 - middle.y * zoom, zoom };
}

/** How quickly a follower closes on its target: 63 % of the way in this long, 95 % in three times it. */
export const EASE_MS = 90;
/** Close enough to land on the target exactly: under half a pixel, and a tenth of a percent of zoom. */
const LAND_PX = 0.5;
const LAND_ZOOM = 1e-3;

/**
 * One animation frame of gliding from `current` towards `target`, `elapsedMs` after the
 * last: the middle of the pane moves in flow space and the zoom in log space, both by the
 * same exponential share, so a target that keeps moving (a person panning) is chased
 * smoothly instead of restarting an eased transition at every update. Returns `target`
 * itself once close enough.
 */
export function easeViewport(current: Viewport, target: Viewport, elapsedMs: number, screen: Screen): Viewport {
  const share = 1 - Math.exp(-Math.max(elapsedMs, 0) / EASE_MS);
  const zoom = Math.exp(Math.log(current.zoom) + (Math.log(target.zoom) - Math.log(current.zoom)) * share);
  const from = centre(current, screen.width, screen.height);
  const to = centre(target, screen.width, screen.height);
  const mx = from.x + (to.x - from.x) * share;
  const my = from.y + (to.y - from.y) * share;
  const next = { x: screen.width / 2 - mx * zoom, y: screen.height / 2 - my * zoom, zoom };
  const landed =
    Math.abs(next.x - target.x) < LAND_PX &&
    Math.abs(next.y - target.y) < LAND_PX &&
    Math.abs(next.zoom / target.zoom - 1) < LAND_ZOOM;
  return landed ? target : next;
}
