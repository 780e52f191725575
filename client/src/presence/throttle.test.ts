import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls at once, then at most once per interval, always with the latest arguments', () => {
    const calls: number[] = [];
    const send = throttle((n: number) => calls.push(n), 100);
    send(1);
    expect(calls).toEqual([1]);
    send(2);
    send(3);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(99);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([1, 3]);
  });

  it('delivers the last value after the calls stop (a view that stops still lands where it stopped)', () => {
    const calls: number[] = [];
    const send = throttle((n: number) => calls.push(n), 100);
    for (let i = 1; i <= 10; i++) {
      send(i);
      vi.advanceTimersByTime(30);
    }
    vi.advanceTimersByTime(500);
    expect(calls.at(-1)).toBe(10);
    // ten calls over 300 ms: the first, then one per 100 ms
    expect(calls.length).toBeLessThanOrEqual(5);
  });

  it('drops a pending call when cancelled', () => {
    const calls: number[] = [];
    const send = throttle((n: number) => calls.push(n), 100);
    send(1);
    send(2);
    send.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual([1]);
  });
});
