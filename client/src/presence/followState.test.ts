import { describe, expect, it } from 'vitest';
import { canSummon, newSummonId, publishedViewport, sameViewport, toSummon, toViewport } from './followState';

const area = { x: -120.5, y: 40, zoom: 1.25, w: 1200, h: 700 };

describe('the follow presence fields', () => {
  it('reads a well-formed viewport and summon back as they were published', () => {
    expect(toViewport(area)).toEqual(area);
    expect(toSummon({ id: 'abc', viewport: area })).toEqual({ id: 'abc', viewport: area });
  });

  it('rejects anything else another tab might send', () => {
    for (const bad of [
      null,
      'viewport',
      { ...area, zoom: 0 },
      { ...area, zoom: -1 },
      { ...area, x: Number.NaN },
      { ...area, y: Infinity },
      { ...area, w: 0 },
      { ...area, h: 1e9 },
      { ...area, zoom: '1' },
      { x: 0, y: 0, zoom: 1 },
    ])
      expect(toViewport(bad)).toBeNull();
    expect(toSummon({ id: '', viewport: area })).toBeNull();
    expect(toSummon({ id: 'x'.repeat(65), viewport: area })).toBeNull();
    expect(toSummon({ id: 7, viewport: area })).toBeNull();
    expect(toSummon({ id: 'abc', viewport: { ...area, w: -5 } })).toBeNull();
    expect(toSummon({ id: 'abc' })).toBeNull();
  });

  it('publishes a rounded viewport, and none before the pane has a size', () => {
    const v = publishedViewport([10.04999, -3.26, 0.7777777], 1439.6, 812.2);
    expect(v).toEqual({ x: 10, y: -3.3, zoom: 0.77778, w: 1440, h: 812 });
    expect(publishedViewport([0, 0, 1], 0, 0)).toBeNull();
    expect(sameViewport(v!, { ...v! })).toBe(true);
    expect(sameViewport(v!, { ...v!, zoom: 0.77779 })).toBe(false);
  });

  it('keeps both fields far under the 8 KB presence cap', () => {
    const big = publishedViewport([-123456.789, 987654.321, 0.123456], 3840, 2160)!;
    expect(JSON.stringify({ viewport: big, summon: { id: newSummonId(), viewport: big } }).length).toBeLessThan(300);
  });

  it('makes a new summon id each time', () => {
    const ids = new Set(Array.from({ length: 100 }, newSummonId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(toSummon({ id, viewport: area })?.id).toBe(id);
  });

  it('lets whoever may edit the board bring everyone, and not a viewer', () => {
    expect(canSummon('owner')).toBe(true);
    expect(canSummon('edit')).toBe(true);
    expect(canSummon('view')).toBe(false);
  });
});
