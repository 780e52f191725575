import type { PublishedViewport } from './followState';
import { easeViewport, fitViewport, type Screen, type Viewport } from './followViewport';

/** What the mover needs of React Flow (useFollowMode gives it the real one). */
export interface MoverView {
  getViewport(): Viewport;
  /** Must apply `viewport` synchronously (React Flow does, without a duration). */
  setViewport(viewport: Viewport): void;
  screen(): Screen;
}

export interface Frames {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

const browserFrames: Frames = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** The step assumed for the first frame of a glide, and the longest one (a tab in the background). */
const FIRST_FRAME_MS = 16;
const LONGEST_FRAME_MS = 100;

/**
 * Glides this page's view to another page's area, one animation frame at a time, and
 * says while it is setting the viewport (`applying`), so that the canvas can tell the
 * moves follow mode makes from the user's own.
 *
 * Why not React Flow's `setViewport(viewport, { duration })`: its d3 transition starts
 * on a later tick, where its move looks exactly like the minimap's, the fit-view
 * button's or a zoom button's (all programmatic, no event), so no flag set around the
 * call could tell them apart; and a person panning sends a new area every tenth of a
 * second, which would restart an eased transition each time (a stutter). Each frame here
 * sets the viewport with no duration, which React Flow applies, and reports, before the
 * call returns.
 */
export class ViewportMover {
  private area: PublishedViewport | null = null;
  private frame: number | null = null;
  private lastFrame: number | null = null;
  private setting = false;

  constructor(
    private readonly view: MoverView,
    private readonly frames: Frames = browserFrames,
  ) {}

  /** True only while the mover itself is setting the viewport. */
  get applying(): boolean {
    return this.setting;
  }

  /** Glides towards `area` (replacing any earlier target) until the view shows it. */
  moveTo = (area: PublishedViewport): void => {
    this.area = area;
    if (this.frame === null) this.frame = this.frames.request(this.tick);
  };

  /** Stops where the view is now. */
  stop(): void {
    if (this.frame !== null) this.frames.cancel(this.frame);
    this.frame = null;
    this.area = null;
    this.lastFrame = null;
  }

  private tick = (now: number): void => {
    this.frame = null;
    if (!this.area) return;
    const screen = this.view.screen();
    // Fitted every frame, so a window resized mid-glide still lands on the right area.
    const target = fitViewport(this.area, screen);
    const elapsed = this.lastFrame === null ? FIRST_FRAME_MS : Math.min(now - this.lastFrame, LONGEST_FRAME_MS);
    this.lastFrame = now;
    const next = easeViewport(this.view.getViewport(), target, elapsed, screen);
    this.setting = true;
    try {
      this.view.setViewport(next);
    } finally {
      this.setting = false;
    }
    if (next === target) {
      this.area = null;
      this.lastFrame = null;
    } else this.frame = this.frames.request(this.tick);
  };
}
