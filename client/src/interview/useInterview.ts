import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Session } from '@archboard/shared';
import type { BoardSession } from '../sync/BoardSession';
import { SessionStore } from './SessionStore';
import type { ServerClock } from './ServerClock';

const stores = new WeakMap<BoardSession, SessionStore>();

/** The interview's session of the open board (undefined when it is not an interview board), live. */
export function useInterviewSession(session: BoardSession): Session | undefined {
  let store = stores.get(session);
  if (!store) {
    store = new SessionStore(session.doc);
    stores.set(session, store);
  }
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** A running clock is drawn this often: often enough that a second never shows late by much. */
const TICK_MS = 250;

/**
 * The server's time (undefined until this page knows it), drawn again after every
 * synchronisation and, while `ticking`, every quarter of a second.
 */
export function useServerNow(clock: ServerClock, ticking: boolean): number | undefined {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const update = () => setNow(clock.now());
    const stop = clock.subscribe(update);
    const timer = ticking ? setInterval(update, TICK_MS) : undefined;
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [clock, ticking]);
  return now;
}
