import type * as Y from 'yjs';
import { INTERVIEW_ROOT, readSession, type Session } from '@archboard/shared';

/**
 * The interview's session as React reads it (useSyncExternalStore): read again whenever
 * the doc's interview root changes, by anyone, and the same object in between. Undefined
 * on a board that is not an interview.
 */
export class SessionStore {
  private session: Session | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly root: Y.Map<unknown>;

  constructor(private readonly doc: Y.Doc) {
    this.root = doc.getMap(INTERVIEW_ROOT);
    this.session = readSession(doc);
    this.root.observe(this.onChange);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Session | undefined => this.session;

  destroy(): void {
    this.root.unobserve(this.onChange);
    this.listeners.clear();
  }

  private readonly onChange = () => {
    this.session = readSession(this.doc);
    this.listeners.forEach((listener) => listener());
  };
}
