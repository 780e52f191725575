import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { FINAL_CLOSE_CODES, hostDocName, readHostNotes, type BoardId, type HostNotes } from '@archboard/shared';
import { uploadLimits } from '../../sync/serverLimits';
import { sendWithinLimits } from '../../sync/uplink';
import { socketParams } from '../../sync/BoardSession';

/**
 * - `loading`: neither this browser's copy nor the server has answered yet;
 * - `ready`: the notes shown are this browser's copy or the server's;
 * - `refused`: the server closed the socket for good (a token without the `interview`
 *   right gets 4403): nothing of the document was sent.
 */
export type HostNotesStatus = 'loading' | 'ready' | 'refused';

export interface HostNotesState {
  notes: HostNotes;
  status: HostNotesStatus;
}

/** Where this browser keeps its copy of the host's document (deleted with the board's). */
export const hostNotesStoreName = (board: BoardId): string => `archboard:${hostDocName(board)}`;

/**
 * The host's private document of an interview board (`<board>~host`): its own Y.Doc,
 * socket and IndexedDB copy, beside the board's session and never mixed into it. Open it
 * only for a role with the `interview` right: the server refuses any other, and a page
 * that is not the host's has no business asking.
 */
export class HostNotesSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly persistence: IndexeddbPersistence;
  private state: HostNotesState;
  private readonly listeners = new Set<() => void>();
  private readonly connectTimer: ReturnType<typeof setTimeout>;
  private readonly stopUplink: () => void;

  constructor(board: BoardId, token: string) {
    this.state = { notes: readHostNotes(this.doc), status: 'loading' };
    this.doc.on('update', () => this.set({ notes: readHostNotes(this.doc) }));
    this.persistence = new IndexeddbPersistence(hostNotesStoreName(board), this.doc);
    void this.persistence.whenSynced.then(() => this.ready());
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${proto}://${location.host}/ws`, hostDocName(board), this.doc, {
      params: socketParams(token),
      connect: false,
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.includes(event.code),
    });
    this.stopUplink = sendWithinLimits(this.provider, uploadLimits); // asked by the board's session
    this.provider.on('sync', (synced: boolean) => synced && this.ready());
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && FINAL_CLOSE_CODES.includes(event.code)) this.set({ status: 'refused' });
      // Each reconnect carries the sign-in as it is then, as the board's socket does.
      else this.provider.params = socketParams(token);
    });
    // On the next tick, as the board's socket: strict mode opens and closes at once in development.
    this.connectTimer = setTimeout(() => this.provider.connect(), 0);
  }

  private ready(): void {
    if (this.state.status === 'loading') this.set({ status: 'ready' });
  }

  private set(change: Partial<HostNotesState>): void {
    this.state = { ...this.state, ...change };
    this.listeners.forEach((listener) => listener());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): HostNotesState => this.state;

  destroy(): void {
    clearTimeout(this.connectTimer);
    this.stopUplink();
    this.listeners.clear();
    this.provider.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}
