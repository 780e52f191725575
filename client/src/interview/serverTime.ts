import { serverTimeSchema } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { ServerClock } from './ServerClock';

/** `GET /api/time`: the server's clock, never cached on the way. */
export async function fetchServerTime(): Promise<number> {
  const response = await fetch('/api/time', { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/time answered HTTP ${response.status}`);
  const parsed = serverTimeSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error('GET /api/time answered something that is not a time');
  return parsed.data.now;
}

const clocks = new WeakMap<BoardSession, ServerClock>();

/**
 * The one server clock of an open board (the interview bar, the host's notes and the
 * replay all read it): synchronised while anything listens, and again whenever the
 * board's socket reconnects.
 */
export function serverClockFor(session: BoardSession): ServerClock {
  let clock = clocks.get(session);
  if (!clock) {
    clock = new ServerClock({
      fetchTime: fetchServerTime,
      local: () => performance.timeOrigin + performance.now(),
      onReconnect: (listener) => {
        const onStatus = ({ status }: { status: string }) => {
          if (status === 'connected') listener();
        };
        session.provider.on('status', onStatus);
        return () => session.provider.off('status', onStatus);
      },
    });
    clocks.set(session, clock);
  }
  return clock;
}
