import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServerClock } from './ServerClock';

/** A local clock at `t` and a server 30 s ahead whose answers take `delays[i]` ms each way. */
function fakeServer(delays: number[], ahead = 30_000) {
  const state = { t: 1_000, calls: 0, fail: false };
  const fetchTime = vi.fn(async () => {
    if (state.fail) throw new Error('offline');
    const delay = delays[state.calls++ % delays.length]!;
    state.t += delay;
    const serverNow = state.t + ahead;
    state.t += delay;
    return serverNow;
  });
  return { state, fetchTime, local: () => state.t };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ServerClock', () => {
  it('does not know the time before it has synchronised', () => {
    const server = fakeServer([5]);
    expect(new ServerClock(server).now()).toBeUndefined();
  });

  it('reads the server time from the local clock and the measured offset', async () => {
    const server = fakeServer([40, 3, 25]);
    const clock = new ServerClock({ ...server, samples: 3 });
    await clock.sync();
    expect(server.fetchTime).toHaveBeenCalledTimes(3);
    expect(clock.now()).toBe(server.state.t + 30_000);
  });

  it('keeps its estimate when the server cannot be reached', async () => {
    const server = fakeServer([10]);
    const clock = new ServerClock({ ...server, samples: 2 });
    await clock.sync();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    server.state.fail = true;
    await clock.sync();
    expect(clock.now()).toBe(server.state.t + 30_000);
    expect(warn).toHaveBeenCalledOnce();
  });

  it('shares a round under way', async () => {
    const server = fakeServer([10]);
    const clock = new ServerClock({ ...server, samples: 2 });
    await Promise.all([clock.sync(), clock.sync()]);
    expect(server.fetchTime).toHaveBeenCalledTimes(2);
  });

  it('synchronises while someone listens: at once, every interval and on reconnect; not after', async () => {
    vi.useFakeTimers();
    const server = fakeServer([10]);
    let reconnect = () => {};
    const clock = new ServerClock({
      ...server,
      samples: 1,
      resyncMs: 1_000,
      onReconnect: (listener) => {
        reconnect = listener;
        return () => (reconnect = () => {});
      },
    });
    const listener = vi.fn();
    const stop = clock.subscribe(listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.fetchTime).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.fetchTime).toHaveBeenCalledTimes(2);
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.fetchTime).toHaveBeenCalledTimes(3);
    stop();
    reconnect();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.fetchTime).toHaveBeenCalledTimes(3);
  });
});
