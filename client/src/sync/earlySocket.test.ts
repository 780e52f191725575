import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { inlineScript } from '../testing/indexHtml';
import { providerUrl, socketParams } from './BoardSession';
import * as encoding from 'lib0/encoding';
import { applyEarlyBoard, earlyBoardArrival, WebSocketTakingEarly } from './earlySocket';

/** A socket that records what is sent and lets the test play the server. */
class FakeSocket extends EventTarget {
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: number[][] = [];
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeSocket.made.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push([...data]);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(bytes: number[]) {
    const event = new Event('message') as Event & { data: ArrayBuffer };
    event.data = new Uint8Array(bytes).buffer;
    this.dispatchEvent(event);
  }
}

const globals = globalThis as Record<string, unknown>;

/** Runs index.html's early-socket script on a page at `href`, with this tab's sign-in. */
function runInlineScript(href: string, idToken: string | null = null) {
  const script = inlineScript('__archboardEarlySocket');
  const url = new URL(href);
  const storage = { getItem: (key: string) => (key === 'archboard:id-token' ? idToken : null) };
  Object.assign(globals, { window: globals, location: url, sessionStorage: storage, WebSocket: FakeSocket });
  new Function(script)();
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'RS256' })}.${b64url(claims)}.sig`;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The provider's side of a socket taken early: what its handlers see, in order. */
function takeWatched(url: string) {
  const socket = new WebSocketTakingEarly(url);
  const seen: string[] = [];
  socket.onopen = () => seen.push('open');
  socket.onmessage = (event: MessageEvent<ArrayBuffer>) => seen.push(`message ${new Uint8Array(event.data)[1]}`);
  return { socket, seen };
}

/** A server's sync step 2 carrying a board with one node, `n1`. */
function boardAnswer(): number[] {
  const server = new Y.Doc();
  server.getMap('nodes').set('n1', 'a node');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(server));
  return [...encoding.toUint8Array(encoder)];
}

afterEach(() => {
  FakeSocket.made = [];
  for (const key of ['window', 'location', 'sessionStorage', 'WebSocket', '__archboardEarlySocket'])
    delete globals[key];
});

describe('the socket index.html opens early', () => {
  it('EARLY-1 opens the very URL the provider builds, signed in or not, and nothing elsewhere', () => {
    const live = jwt({ sub: 'ada', exp: Date.now() / 1000 + 3600 });
    const expired = jwt({ sub: 'ada', exp: Date.now() / 1000 - 10 });
    for (const idToken of [null, live, expired]) {
      runInlineScript('https://boards.example/b/abc123#token=t.o-k_en%2B1', idToken);
      const provider = new WebsocketProvider('wss://boards.example/ws', 'abc123', new Y.Doc(), {
        params: socketParams('t.o-k_en+1'),
        connect: false,
      });
      expect(
        FakeSocket.made.at(-1)?.url,
        `id token ${idToken === null ? 'none' : idToken === live ? 'live' : 'expired'}`,
      ).toBe(provider.url);
      // BoardSession's own copy, which takes the board before the provider exists.
      expect(providerUrl('wss://boards.example/ws', 'abc123', socketParams('t.o-k_en+1'))).toBe(provider.url);
      provider.destroy();
    }
    const opened = FakeSocket.made.length;
    for (const href of [
      'https://boards.example/',
      'https://boards.example/b/abc123',
      'https://boards.example/x/abc#token=t',
    ])
      runInlineScript(href);
    expect(FakeSocket.made.length).toBe(opened);
  });

  it('EARLY-2 asks for the board on open; the provider gets the answer first, then its open, and sends only then', async () => {
    runInlineScript('http://localhost/b/abc#token=t');
    const early = FakeSocket.made[0]!;
    early.open();
    expect(early.sent).toEqual([[0, 0, 1, 0]]); // sync step 1, empty state vector
    early.receive([0, 0, 1, 0]); // the server's step 1
    const { socket, seen } = takeWatched(early.url);
    await tick();
    expect(seen).toEqual(['message 0']); // open held until the answer
    early.receive([0, 1, 2, 0, 0]); // step 2: the board
    expect(seen).toEqual(['message 0', 'message 1', 'open']);
    early.receive([0, 2, 2, 0, 0]);
    expect(seen.at(-1)).toBe('message 2');
    socket.send(new Uint8Array([9]));
    expect(early.sent.at(-1)).toEqual([9]);
    expect(socket.readyState).toBe(1);
  });

  it('EARLY-3 a socket taken before it opened asks nothing itself; another URL gets a socket of its own and closes the early one', async () => {
    runInlineScript('http://localhost/b/abc#token=t');
    const early = FakeSocket.made[0]!;
    const { seen } = takeWatched(early.url);
    await tick();
    early.open();
    expect(seen).toEqual(['open']);
    expect(early.sent).toEqual([]);
    expect(new WebSocketTakingEarly(early.url)).toBeInstanceOf(FakeSocket); // once only

    runInlineScript('http://localhost/b/abc#token=t');
    const second = FakeSocket.made.at(-1)!;
    const other = new WebSocketTakingEarly('ws://localhost/ws/abc?token=other');
    expect(other).toBeInstanceOf(FakeSocket);
    expect(second.closed).toBe(true);
  });

  it('EARLY-4 a refusal that came before the page loaded reaches the provider', async () => {
    runInlineScript('http://localhost/b/abc#token=t');
    const early = FakeSocket.made[0]!;
    const close = new Event('close') as Event & { code: number };
    close.code = 4403;
    early.dispatchEvent(close);
    const socket = new WebSocketTakingEarly(early.url);
    const codes: number[] = [];
    socket.onclose = (event: CloseEvent) => codes.push(event.code);
    await tick();
    expect(codes).toEqual([4403]);
  });

  it('EARLY-5 a board the socket already holds goes into the document before the provider, which gets it no second time', async () => {
    runInlineScript('http://localhost/b/abc#token=t');
    const early = FakeSocket.made[0]!;
    const doc = new Y.Doc();
    expect(applyEarlyBoard(early.url, doc, 'early')).toBe(false); // nothing has come yet
    early.open();
    early.receive([0, 0, 1, 0]); // the server's step 1
    early.receive(boardAnswer());
    early.receive([0, 2, 2, 0, 0]); // an update after the answer
    expect(applyEarlyBoard('ws://localhost/ws/abc?token=other', doc, 'early')).toBe(false);
    expect(doc.getMap('nodes').size).toBe(0);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    expect(applyEarlyBoard(early.url, doc, 'early')).toBe(true);
    expect(doc.getMap('nodes').get('n1')).toBe('a node');
    expect(origins).toEqual(['early']);
    expect(applyEarlyBoard(early.url, doc, 'early')).toBe(false); // once only

    const { seen } = takeWatched(early.url);
    await tick();
    // The open is not held for an answer already taken, and that answer is not handed on.
    expect(seen).toEqual(['open', 'message 0', 'message 2']);
  });

  it('EARLY-6 waiting for the board ends with the answer, a failure or the time limit, and misses no event', async () => {
    await earlyBoardArrival(60_000); // no early socket: at once
    runInlineScript('http://localhost/b/abc#token=t');
    const early = FakeSocket.made[0]!;
    let arrived = false;
    const waiting = earlyBoardArrival(60_000).then(() => (arrived = true));
    early.open();
    early.receive([0, 0, 1, 0]);
    await tick();
    expect(arrived).toBe(false);
    early.receive(boardAnswer());
    await waiting;
    expect(applyEarlyBoard(early.url, new Y.Doc(), 'early')).toBe(true);
    const { seen } = takeWatched(early.url);
    await tick();
    early.receive([0, 2, 2, 0, 0]);
    expect(seen).toEqual(['open', 'message 0', 'message 2']);

    runInlineScript('http://localhost/b/abc#token=t');
    const refused = FakeSocket.made.at(-1)!;
    const ended = earlyBoardArrival(60_000);
    refused.dispatchEvent(new Event('close'));
    await ended; // a failure ends the wait

    runInlineScript('http://localhost/b/abc#token=t');
    const silent = FakeSocket.made.at(-1)!;
    const started = Date.now();
    await earlyBoardArrival(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const { seen: lateSeen } = takeWatched(silent.url);
    await tick();
    silent.open();
    expect(lateSeen).toEqual(['open']);
  });
});
