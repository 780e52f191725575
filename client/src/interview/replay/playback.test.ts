import { describe, expect, it } from 'vitest';
import { MAX_GAP_MS, playbackLeft, playbackOffsets, positionAfter } from './playback';

// Steps at 0 s (created), 1 s, 1.5 s, 10 min (a long silence) and 10 min + 1.5 s.
const TIMES = [0, 1_000, 1_500, 600_000, 601_500];

describe('playback clock', () => {
  it('PB-1 runs in real time between steps at 1x, with a long gap played as MAX_GAP_MS', () => {
    expect(playbackOffsets(TIMES, 1)).toEqual([0, 0, 1_000, 1_500, 1_500 + MAX_GAP_MS, 1_500 + MAX_GAP_MS + 1_500]);
  });

  it('PB-2 divides the gaps by the speed, and caps them after dividing', () => {
    expect(playbackOffsets(TIMES, 4)).toEqual([0, 0, 250, 375, 375 + MAX_GAP_MS, 375 + MAX_GAP_MS + 375]);
    expect(playbackOffsets(TIMES, 16)).toEqual([0, 0, 62.5, 93.75, 93.75 + MAX_GAP_MS, 93.75 + MAX_GAP_MS + 93.75]);
    expect(playbackOffsets([0, 60_000], 16)).toEqual([0, 0, MAX_GAP_MS]); // a minute at 16x is still over the cap
    expect(playbackOffsets([], 1)).toEqual([0]);
  });

  it('PB-3 the position reached after some playback, from any start', () => {
    const offsets = playbackOffsets(TIMES, 1);
    expect(positionAfter(offsets, 0, 0)).toBe(1); // the board as created shows at once
    expect(positionAfter(offsets, 0, 999)).toBe(1);
    expect(positionAfter(offsets, 0, 1_000)).toBe(2);
    expect(positionAfter(offsets, 2, 499)).toBe(2);
    expect(positionAfter(offsets, 2, 500)).toBe(3);
    expect(positionAfter(offsets, 3, MAX_GAP_MS)).toBe(4);
    expect(positionAfter(offsets, 3, 1e9)).toBe(5); // never past the end
    expect(positionAfter(offsets, 4, -5)).toBe(4); // never before the start
  });

  it('PB-4 steps out of order in time (a clock step on the server) take no time', () => {
    expect(playbackOffsets([0, 5_000, 4_000, 4_500], 1)).toEqual([0, 0, MAX_GAP_MS, MAX_GAP_MS, MAX_GAP_MS + 500]);
  });

  it('PB-5 how long is left to play', () => {
    const offsets = playbackOffsets(TIMES, 4);
    expect(playbackLeft(offsets, 0)).toBe(offsets.at(-1));
    expect(playbackLeft(offsets, 5)).toBe(0);
  });
});
