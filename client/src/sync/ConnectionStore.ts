import type { WebsocketProvider } from 'y-websocket';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { errorForClose, type BoardError } from './boardError';
import { UnsyncedStore } from './UnsyncedStore';

/** What the connection indicator shows; `data-state` of `connection-status`. */
export const CONNECTION_STATES = ['connected', 'connecting', 'reconnecting', 'offline'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface ConnectionSnapshot {
  state: ConnectionState;
  /** Set after a final close: the board cannot be shown with this link. */
  error?: BoardError;
  /** The server's state has been received at least once in this session. */
  serverSynced: boolean;
  /** The copy kept in IndexedDB has been loaded. */
  localLoaded: boolean;
  /** The server refused one of our updates (a view-only link that tried to write). */
  denied?: string;
  /** This session replaced one whose change the server refused because the board is full (see boardFull.ts). */
  boardFull?: boolean;
}

/** Attempts without ever connecting after which the indicator says offline instead of connecting. */
const ATTEMPTS_BEFORE_OFFLINE = 4;

/** Follows the provider, IndexedDB and the browser's online flag, and derives one snapshot. */
export class ConnectionStore {
  private snapshot: ConnectionSnapshot = { state: 'connecting', serverSynced: false, localLoaded: false };
  private readonly listeners = new Set<() => void>();
  private everConnected = false;
  /** While the owner resets the links, this session's own 4410 is part of it: held here, not shown. */
  private linkReset: { expected: boolean; held?: BoardError } = { expected: false };
  private readonly cleanups: (() => void)[] = [];
  /**
   * This tab's edits the server has not stored yet. A store of its own: the count changes
   * with every edit, and what follows the connection (the canvas among it) must not re-render.
   */
  readonly unsynced: UnsyncedStore;

  /** `linkExpiresAt`: when the link expires (ms since the epoch), if it was made to: see errorForClose. */
  constructor(
    private readonly provider: WebsocketProvider,
    persistence: IndexeddbPersistence,
    linkExpiresAt?: number,
  ) {
    const onStatus = () => this.update({});
    const onSync = (synced: boolean) => this.update(synced ? { serverSynced: true } : {});
    const onClosed = (event: { code: number; reason: string }) => {
      const error = errorForClose(event.code, event.reason, linkExpiresAt);
      if (error?.code === 'link-reset' && this.linkReset.expected) this.linkReset.held = error;
      else if (error) this.update({ error });
    };
    const onLocal = () => this.update({ localLoaded: true });
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    persistence.on('synced', onLocal);
    this.cleanups.push(() => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
      persistence.off('synced', onLocal);
    });
    // Going offline does not close an open WebSocket (Chromium keeps it; a dead one is only
    // noticed after y-websocket's 30 s of silence), so close it here, and reconnect the
    // moment the browser is back online: the sync handshake then resends whatever the old
    // socket lost. A board closed for good (an error) stays closed.
    const onOffline = () => {
      provider.disconnect();
      this.update({});
    };
    const onOnline = () => {
      if (!this.snapshot.error) provider.connect();
      this.update({});
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.cleanups.push(() => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    });

    this.unsynced = new UnsyncedStore(provider);
    this.cleanups.push(() => this.unsynced.destroy());
  }

  /**
   * The owner is resetting the board's links from this tab: the server closes this
   * session's socket (opened with the old owner link) with 4410, and the page then moves to
   * the new link, so that close is not shown. If the reset fails, a 4410 that came anyway
   * is shown after all.
   */
  expectLinkReset(expected: boolean): void {
    const { held } = this.linkReset;
    this.linkReset = { expected };
    if (!expected && held) this.update({ error: held });
  }

  /** Records a permission-denied message from the server. */
  denied(reason: string): void {
    this.update({ denied: reason });
  }

  /** Records that this session reopened the board after the server found it full. */
  reopenedFull(): void {
    this.update({ boardFull: true });
  }

  private derive(next: Omit<ConnectionSnapshot, 'state'>): ConnectionState {
    const { provider } = this;
    if (provider.wsconnected) this.everConnected = true;
    if (next.error || !navigator.onLine) return 'offline';
    if (provider.wsconnected) return provider.synced ? 'connected' : 'connecting';
    if (this.everConnected) return 'reconnecting';
    return provider.wsUnsuccessfulReconnects >= ATTEMPTS_BEFORE_OFFLINE ? 'offline' : 'connecting';
  }

  private update(patch: Partial<Omit<ConnectionSnapshot, 'state'>>): void {
    const { state: _state, ...rest } = this.snapshot;
    const merged = { ...rest, ...patch };
    const next: ConnectionSnapshot = { ...merged, state: this.derive(merged) };
    const prev = this.snapshot;
    if (
      prev.state === next.state &&
      prev.error === next.error &&
      prev.serverSynced === next.serverSynced &&
      prev.localLoaded === next.localLoaded &&
      prev.denied === next.denied &&
      prev.boardFull === next.boardFull
    )
      return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConnectionSnapshot => this.snapshot;

  destroy(): void {
    this.cleanups.forEach((cleanup) => cleanup());
    this.listeners.clear();
  }
}
