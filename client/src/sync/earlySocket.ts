import * as decoding from 'lib0/decoding';
import { readSyncStep2 } from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MESSAGE, SYNC } from '@archboard/shared';

/** What index.html's inline script leaves for the app: a board's socket, opened at once. */
interface EarlySocket {
  url: string;
  socket: WebSocket;
  /** What the socket reported before anyone listened, in order. */
  events: Event[];
  /** Whether the script asked for the board (sync step 1) itself: the socket opened unclaimed. */
  asked: boolean;
  /** Set once the app has claimed or refused it: the script sends nothing more. */
  adopted: boolean;
  /** Set by the app once it applied the answer to that step 1 itself (applyEarlyBoard). */
  answered?: boolean;
  /** Where the script hands each later event. */
  listener: ((event: Event) => void) | null;
}

declare global {
  interface Window {
    __archboardEarlySocket?: EarlySocket;
  }
}

/** index.html's socket, while nobody has taken it (none outside a browser). */
const earlySocket = (): EarlySocket | undefined =>
  typeof window === 'undefined' ? undefined : window.__archboardEarlySocket;

/** Takes index.html's socket if it was opened for `url`, and closes it otherwise. Once only. */
function takeEarlySocket(url: string): EarlySocket | undefined {
  const early = earlySocket();
  if (!early) return undefined;
  delete window.__archboardEarlySocket;
  early.adopted = true;
  if (early.url === url) return early;
  early.socket.close();
  return undefined;
}

/**
 * Applies the board that index.html's socket has already received for `url` (the answer to
 * the script's sync step 1) to `doc`, and takes that answer out of what the provider will be
 * handed. Call it before anything observes `doc`: applied with no `update` observer, the board
 * is decoded once and never encoded again for them (the provider, IndexedDB). Returns whether
 * it applied the board; when the answer has not come yet, the provider applies it as usual.
 */
export function applyEarlyBoard(url: string, doc: Y.Doc, origin: unknown): boolean {
  const early = earlySocket();
  if (!early?.asked || early.answered || early.url !== url) return false;
  const index = early.events.findIndex(
    (event) => event.type === 'message' && isSyncStep2((event as MessageEvent).data),
  );
  if (index === -1) return false;
  const [answer] = early.events.splice(index, 1) as [MessageEvent<ArrayBuffer>];
  const decoder = decoding.createDecoder(new Uint8Array(answer.data));
  decoding.readVarUint(decoder); // MESSAGE.sync
  decoding.readVarUint(decoder); // SYNC.step2
  readSyncStep2(decoder, doc, origin);
  early.answered = true;
  return true;
}

/**
 * Resolves once index.html's socket has the board (the answer to its sync step 1), has
 * failed, or `maxMs` passed; at once when there is no such socket or it was claimed.
 */
export function earlyBoardArrival(maxMs: number): Promise<void> {
  const early = earlySocket();
  if (!early || early.adopted || early.listener || early.socket.readyState > WebSocket.OPEN) return Promise.resolve();
  if (early.events.some(endsTheWait)) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = (event: Event) => {
      early.events.push(event);
      if (endsTheWait(event)) done();
    };
    const done = () => {
      clearTimeout(timer);
      if (early.listener === listener) early.listener = null;
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    early.listener = listener;
  });
}

/** The board's arrival (a sync step 2), an error or a close. */
const endsTheWait = (event: Event): boolean =>
  event.type === 'message' ? isSyncStep2((event as MessageEvent).data) : event.type !== 'open';

/**
 * The provider's WebSocket class (its `WebSocketPolyfill`): the first connection to the
 * URL that index.html's script opened takes that socket, and every other is a new one.
 */
export const WebSocketTakingEarly = function (url: string, protocols?: string | string[]) {
  const early = takeEarlySocket(url);
  return early ? new AdoptedSocket(early) : new WebSocket(url, protocols);
} as unknown as typeof WebSocket;

function isSyncStep2(data: unknown): boolean {
  if (!(data instanceof ArrayBuffer) || data.byteLength < 2) return false;
  const [message, type] = new Uint8Array(data, 0, 2);
  return message === MESSAGE.sync && type === SYNC.step2;
}

/**
 * An early socket as the provider sees a socket it just made: the events it missed come
 * to its handlers, and later ones as they come. One change of order: when the script had
 * already asked for the board, `open` is held until that answer has come. The provider
 * sends its own sync step 1 when the socket opens; after the answer, that step 1 carries
 * the whole board's state vector and is answered with only what changed since, not the
 * board a second time.
 */
class AdoptedSocket {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  private readonly socket: WebSocket;
  private awaitingAnswer: boolean;
  private heldOpen: Event | null = null;

  constructor(early: EarlySocket) {
    this.socket = early.socket;
    // The script asks on open only while nobody has claimed the socket: an unopened socket
    // is the provider's to ask on.
    this.awaitingAnswer = early.asked && !early.answered;
    // The provider sets its handlers right after constructing: the missed events follow.
    queueMicrotask(() => {
      early.events.splice(0).forEach((event) => this.deliver(event));
      early.listener = (event) => this.deliver(event);
    });
  }

  get url(): string {
    return this.socket.url;
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  get binaryType(): BinaryType {
    return this.socket.binaryType;
  }

  set binaryType(type: BinaryType) {
    this.socket.binaryType = type;
  }

  send(data: Parameters<WebSocket['send']>[0]): void {
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  private deliver(event: Event): void {
    switch (event.type) {
      case 'open':
        if (this.awaitingAnswer) this.heldOpen = event;
        else this.onopen?.(event);
        return;
      case 'message': {
        const message = event as MessageEvent;
        this.onmessage?.(message);
        if (!this.awaitingAnswer || !isSyncStep2(message.data)) return;
        this.awaitingAnswer = false;
        const open = this.heldOpen;
        this.heldOpen = null;
        if (open) this.onopen?.(open);
        return;
      }
      case 'error':
        this.onerror?.(event);
        return;
      case 'close':
        this.heldOpen = null;
        this.onclose?.(event as CloseEvent);
        return;
    }
  }
}
