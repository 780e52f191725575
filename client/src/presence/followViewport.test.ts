import { describe, expect, it } from 'vitest';
import { easeViewport, fitViewport, type Screen, type Viewport } from './followViewport';

const screen: Screen = { width: 1200, height: 800, minZoom: 0.1, maxZoom: 2.5 };
/** The flow point in the middle of a pane of `w` × `h`. */
const middle = (v: Viewport, w: number, h: number) => ({ x: (w / 2 - v.x) / v.zoom, y: (h / 2 - v.y) / v.zoom });

describe('fitting another page’s area', () => {
  it('gives an equal pane the very same transform', () => {
    const area = { x: -300, y: 125, zoom: 1.4, w: 1200, h: 800 };
    expect(fitViewport(area, screen)).toEqual({ x: -300, y: 125, zoom: 1.4 });
  });

  it('keeps the middle and shows the whole area on a pane of another shape', () => {
    const area = { x: 200, y: -50, zoom: 1, w: 1600, h: 600 };
    const fitted = fitViewport(area, screen);
    // 1600 wide into 1200: zoom out by 3/4; 600 high would fit at 4/3, so the width decides.
    expect(fitted.zoom).toBeCloseTo(0.75);
    const a = middle(area, 1600, 600);
    const b = middle(fitted, 1200, 800);
    expect(b.x).toBeCloseTo(a.x);
    expect(b.y).toBeCloseTo(a.y);
  });

  it('stays within this page’s zoom range', () => {
    expect(fitViewport({ x: 0, y: 0, zoom: 2.5, w: 600, h: 400 }, screen).zoom).toBe(2.5);
    expect(fitViewport({ x: 0, y: 0, zoom: 0.1, w: 2400, h: 1600 }, screen).zoom).toBe(0.1);
  });

  it('takes the area as it is while this pane has no size yet', () => {
    expect(fitViewport({ x: 5, y: 6, zoom: 0.5, w: 800, h: 600 }, { ...screen, width: 0, height: 0 })).toEqual({
      x: 5,
      y: 6,
      zoom: 0.5,
    });
  });
});

describe('gliding towards a target', () => {
  const from: Viewport = { x: 0, y: 0, zoom: 1 };
  const to: Viewport = { x: -900, y: 300, zoom: 2 };

  it('moves part of the way each frame, monotonically, and lands exactly', () => {
    let v = from;
    let frames = 0;
    let lastZoom = v.zoom;
    while (v !== to && frames < 200) {
      v = easeViewport(v, to, 16, screen);
      expect(v.zoom).toBeGreaterThanOrEqual(lastZoom);
      lastZoom = v.zoom;
      frames++;
    }
    expect(v).toBe(to);
    // About half a second at 60 frames a second: quick, but visibly a glide.
    expect(frames).toBeGreaterThan(15);
    expect(frames).toBeLessThan(60);
  });

  it('goes further in a longer frame, and not at all in none', () => {
    const short = easeViewport(from, to, 16, screen);
    const long = easeViewport(from, to, 64, screen);
    expect(long.zoom).toBeGreaterThan(short.zoom);
    expect(easeViewport(from, to, 0, screen)).toEqual(from);
  });

  it('moves the middle in a straight line in flow space', () => {
    const a = middle(from, screen.width, screen.height);
    const b = middle(to, screen.width, screen.height);
    const step = middle(easeViewport(from, to, 30, screen), screen.width, screen.height);
    const t = (step.x - a.x) / (b.x - a.x);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
    expect((step.y - a.y) / (b.y - a.y)).toBeCloseTo(t);
  });
});
