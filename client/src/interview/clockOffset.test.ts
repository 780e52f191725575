import { describe, expect, it } from 'vitest';
import { estimateOffset, offsetOf } from './clockOffset';

describe('clock offset', () => {
  it('reads the server time as taken half-way through the round trip', () => {
    // Local 1000 → 1100; the server said 31_050: 30 s ahead of the midpoint.
    expect(offsetOf({ sentAt: 1000, receivedAt: 1100, serverNow: 31_050 })).toBe(30_000);
  });

  it('trusts the sample with the shortest round trip', () => {
    const samples = [
      { sentAt: 0, receivedAt: 400, serverNow: 5_350 }, // slow, one-sided: offset 5150
      { sentAt: 500, receivedAt: 510, serverNow: 5_505 }, // fast: offset 5000
      { sentAt: 600, receivedAt: 700, serverNow: 5_600 }, // offset 4950
    ];
    expect(estimateOffset(samples)).toBe(5_000);
  });

  it('has no estimate without a usable sample', () => {
    expect(estimateOffset([])).toBeUndefined();
    expect(estimateOffset([{ sentAt: 10, receivedAt: 5, serverNow: 0 }])).toBeUndefined();
  });

  it('works when the server is behind', () => {
    expect(estimateOffset([{ sentAt: 50_000, receivedAt: 50_020, serverNow: 20_010 }])).toBe(-30_000);
  });
});
