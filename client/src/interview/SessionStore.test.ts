import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { newSession, start, writeSession } from '@archboard/shared';
import { SessionStore } from './SessionStore';

describe('SessionStore', () => {
  it('has no session on a board that is not an interview', () => {
    expect(new SessionStore(new Y.Doc()).getSnapshot()).toBeUndefined();
  });

  it('follows the session as another replica writes it', () => {
    const host = new Y.Doc();
    const candidate = new Y.Doc();
    host.on('update', (update: Uint8Array) => Y.applyUpdate(candidate, update));
    const store = new SessionStore(candidate);
    const listener = vi.fn();
    store.subscribe(listener);

    writeSession(host, newSession());
    expect(store.getSnapshot()?.status).toBe('ready');
    const ready = store.getSnapshot();
    expect(store.getSnapshot()).toBe(ready); // the same object until the next change

    writeSession(host, start(newSession(), 1_000));
    expect(store.getSnapshot()?.status).toBe('running');
    expect(listener).toHaveBeenCalledTimes(2);

    store.destroy();
    writeSession(host, newSession());
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
