import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE, type BoardId } from '@archboard/shared';
import { MAX_TIMER_MS, runAt } from './runAt';
import { recordingConnection } from './testConnections';

const BOARD = 'expiring' as BoardId;

beforeEach(() => vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('timers at a time, and link expiry on open connections (LINK-EXP)', () => {
  it('LINK-EXP-1 runAt runs once at its time, not before, however far past setTimeout’s limit', () => {
    const run = vi.fn();
    const at = Date.now() + 3 * MAX_TIMER_MS + 12_345;
    runAt(at, run);
    vi.advanceTimersByTime(3 * MAX_TIMER_MS + 12_344);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * MAX_TIMER_MS);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('LINK-EXP-2 a time already past runs from a timer, not in the call; a cancelled one never runs', () => {
    const past = vi.fn();
    runAt(Date.now() - 5000, past);
    expect(past).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(past).toHaveBeenCalledTimes(1);

    const cancelled = vi.fn();
    const cancel = runAt(Date.now() + MAX_TIMER_MS + 1000, cancelled);
    vi.advanceTimersByTime(MAX_TIMER_MS); // cancelled after its first step
    cancel();
    vi.advanceTimersByTime(2 * MAX_TIMER_MS);
    expect(cancelled).not.toHaveBeenCalled();
  });

  it('LINK-EXP-3 a connection is closed 4401 when its token expires, and only then', () => {
    const { conn, closes } = recordingConnection(BOARD, 'view');
    conn.expireAt(Date.now() + 2000);
    vi.advanceTimersByTime(1999);
    expect(closes).toEqual([]);
    expect(conn.isOpen).toBe(true);
    vi.advanceTimersByTime(1);
    expect(closes).toEqual([CLOSE.unauthorized.code]);
    expect(conn.isOpen).toBe(false);
  });

  it('LINK-EXP-4 a connection that ends first leaves no timer behind', () => {
    const byPeer = recordingConnection(BOARD, 'view');
    byPeer.conn.expireAt(Date.now() + 2000);
    byPeer.conn.closedByPeer();
    const byServer = recordingConnection(BOARD, 'view');
    byServer.conn.expireAt(Date.now() + 2000);
    byServer.conn.close('goingAway');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(byPeer.closes).toEqual([]);
    expect(byServer.closes).toEqual([CLOSE.goingAway.code]);
  });
});
