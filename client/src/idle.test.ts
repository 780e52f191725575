import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_IDLE_CALLBACK_DELAY_MS, whenIdle } from './idle';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('whenIdle', () => {
  it('IDLE-1 uses the idle callback with its time limit, and cancels it', () => {
    const asked: { timeout?: number }[] = [];
    const cancelled: number[] = [];
    let pending: (() => void) | undefined;
    vi.stubGlobal('requestIdleCallback', (callback: () => void, options: { timeout?: number }) => {
      asked.push(options);
      pending = callback;
      return 7;
    });
    vi.stubGlobal('cancelIdleCallback', (id: number) => cancelled.push(id));
    const run = vi.fn();
    const cancel = whenIdle(run, 1500);
    expect(asked).toEqual([{ timeout: 1500 }]);
    expect(run).not.toHaveBeenCalled();
    pending!();
    expect(run).toHaveBeenCalledTimes(1);
    cancel();
    expect(cancelled).toEqual([7]);
  });

  it('IDLE-2 without idle callbacks (Safari) runs a moment later, or not at all once cancelled', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // not an idle callback of its own
    expect(typeof globalThis.requestIdleCallback).toBe('undefined');
    const run = vi.fn();
    whenIdle(run);
    vi.advanceTimersByTime(NO_IDLE_CALLBACK_DELAY_MS - 1);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);

    const soon = vi.fn();
    whenIdle(soon, 50); // a time limit sooner than the delay wins
    vi.advanceTimersByTime(50);
    expect(soon).toHaveBeenCalledTimes(1);

    const never = vi.fn();
    whenIdle(never)();
    vi.advanceTimersByTime(10 * NO_IDLE_CALLBACK_DELAY_MS);
    expect(never).not.toHaveBeenCalled();
  });
});
