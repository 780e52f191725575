import { describe, expect, it } from 'vitest';
import type { Viewport } from './followViewport';
import { ViewportMover, type Frames } from './ViewportMover';

/** Animation frames run by hand, 16 ms apart. */
function manualFrames() {
  let next: ((now: number) => void) | null = null;
  let now = 0;
  const frames: Frames = {
    request: (callback) => {
      next = callback;
      return 1;
    },
    cancel: () => {
      next = null;
    },
  };
  const run = () => {
    const callback = next;
    next = null;
    now += 16;
    callback?.(now);
    return callback !== null;
  };
  return { frames, run, pending: () => next !== null };
}

function setup() {
  let viewport: Viewport = { x: 0, y: 0, zoom: 1 };
  const applyingDuringSet: boolean[] = [];
  const manual = manualFrames();
  const mover: ViewportMover = new ViewportMover(
    {
      getViewport: () => viewport,
      setViewport: (v) => {
        applyingDuringSet.push(mover.applying);
        viewport = v;
      },
      screen: () => ({ width: 1000, height: 700, minZoom: 0.1, maxZoom: 2.5 }),
    },
    manual.frames,
  );
  return { mover, manual, applyingDuringSet, viewport: () => viewport };
}

const area = { x: -400, y: 120, zoom: 1.5, w: 1000, h: 700 };

describe('ViewportMover', () => {
  it('glides over several frames, lands exactly, then stops asking for frames', () => {
    const { mover, manual, viewport } = setup();
    mover.moveTo(area);
    let frames = 0;
    while (manual.run()) frames++;
    expect(frames).toBeGreaterThan(5);
    expect(viewport()).toEqual({ x: -400, y: 120, zoom: 1.5 });
    expect(manual.pending()).toBe(false);
  });

  it('says it is applying only while it sets the viewport', () => {
    const { mover, manual, applyingDuringSet } = setup();
    mover.moveTo(area);
    expect(mover.applying).toBe(false);
    manual.run();
    manual.run();
    expect(applyingDuringSet).toEqual([true, true]);
    expect(mover.applying).toBe(false);
  });

  it('chases a new target given mid-glide, and stays put once stopped', () => {
    const { mover, manual, viewport } = setup();
    mover.moveTo(area);
    manual.run();
    mover.moveTo({ ...area, x: 200 });
    while (manual.run());
    expect(viewport().x).toBe(200);
    mover.moveTo(area);
    manual.run();
    const halfway = viewport();
    mover.stop();
    expect(manual.pending()).toBe(false);
    expect(viewport()).toBe(halfway);
  });
});
