import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addNote,
  addNode,
  CLOSE,
  MESSAGE,
  peekClaims,
  readBoard,
  readHostNotes,
  readSession,
  replaySchema,
  start,
  writeSession,
} from '@archboard/shared';
import { eventually, providerClient, rawClient, synced, type ProviderClient } from '../helpers/clients';
import { startCluster, type Cluster } from '../helpers/cluster';
import { startServer, type RunningServer } from '../helpers/server';

/*
 * INTERVIEW: what interview mode enforces on the wire. The host's link is a third signed
 * role; the candidate's (edit) and the observer's (view) cannot open the host's private
 * document (4403), cannot change the interview clock (permission-denied and 4403, nothing
 * stored), and cannot read the replay during the session (403). Every update is archived
 * with its author for the replay, and a phase version records its place in it. On one
 * instance and across two sharing Redis. Real servers, the unmodified y-websocket provider.
 */

type Target = Pick<RunningServer, 'url' | 'wsUrl'>;
interface Interview {
  id: string;
  ownerToken: string;
  hostToken: string;
  editToken: string;
  viewToken: string;
}

async function createInterview(target: Target, body: Record<string, unknown> = {}): Promise<Interview> {
  const response = await fetch(`${target.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'System design: a URL shortener', interview: true, ...body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Interview;
}

const get = async (target: Target, path: string, token: string) => {
  const response = await fetch(`${target.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const post = async (target: Target, path: string, token: string, body: unknown) => {
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** The close code of a socket opened on `doc` (a board, or `<board>~host`) with `token`. */
const closeCodeOf = async (target: Target, doc: string, token: string) =>
  (await rawClient(`${target.wsUrl}/${doc}?token=${encodeURIComponent(token)}`).closed).code;

/** A provider that announces a presence, as the board page does, and is synced. */
async function person(target: Target, doc: string, token: string, name: string, color: string) {
  const client = providerClient(target.wsUrl, doc, token);
  client.provider.awareness.setLocalState({ user: { name, color } });
  await synced(client);
  return client;
}

const closedWith = (client: ProviderClient) =>
  new Promise<number>((resolve) =>
    client.provider.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? -1)),
  );

/** The checks every set-up must pass; `one` and `two` may be the same instance. */
async function wireChecks(one: Target, two: Target): Promise<void> {
  const board = await createInterview(one);
  expect(peekClaims(board.hostToken)?.role).toBe('host');
  expect(board.ownerToken).toBe(board.hostToken);

  // The host's private document: the host's link only, on either instance.
  for (const target of [one, two]) {
    expect(await closeCodeOf(target, `${board.id}~host`, board.editToken)).toBe(CLOSE.forbidden.code);
    expect(await closeCodeOf(target, `${board.id}~host`, board.viewToken)).toBe(CLOSE.forbidden.code);
  }
  const notes = await person(one, `${board.id}~host`, board.hostToken, 'Ines', '#e64980');
  addNote(notes.doc, { id: 'n1', at: 1000, text: 'Asked about read/write ratio first' });
  const notesElsewhere = await person(two, `${board.id}~host`, board.hostToken, 'Ines (laptop)', '#e64980');
  await eventually(() => expect(readHostNotes(notesElsewhere.doc).notes.map((n) => n.text)).toHaveLength(1));

  // The clock: the host starts it; the candidate's attempt to change it is refused and not stored.
  const host = await person(one, board.id, board.hostToken, 'Ines', '#e64980');
  const candidate = await person(two, board.id, board.editToken, 'Carl', '#1c7ed6');
  const viewer = await person(two, board.id, board.viewToken, 'Olga', '#2f9e44');
  expect(readSession(candidate.doc)?.status).toBe('ready');
  writeSession(host.doc, start(readSession(host.doc)!, Date.now()));
  await eventually(() => expect(readSession(candidate.doc)?.status).toBe('running'));
  addNode(candidate.doc, { kind: 'aws.api-gateway', x: 0, y: 0, label: 'API' });
  await eventually(() => expect(readBoard(host.doc).nodes.map((n) => n.label)).toEqual(['API']));

  const refused = closedWith(candidate);
  const denied = new Promise<string>((resolve) =>
    candidate.provider.ws?.addEventListener('message', (event: { data: unknown }) => {
      if (new Uint8Array(event.data as ArrayBuffer)[0] === MESSAGE.auth) resolve('permission-denied');
    }),
  );
  writeSession(candidate.doc, { ...readSession(candidate.doc)!, status: 'ended' });
  expect(await denied).toBe('permission-denied');
  expect(await refused).toBe(CLOSE.forbidden.code);
  candidate.destroy();
  // nothing of it reached anyone, nor the store: a fresh reader on the other instance sees the clock running
  const fresh = await person(one, board.id, board.viewToken, 'Later', '#868e96');
  expect(readSession(fresh.doc)?.status).toBe('running');
  expect(readSession(host.doc)?.status).toBe('running');

  // A viewer's change is refused as any view link's is.
  writeSession(viewer.doc, { ...readSession(viewer.doc)!, status: 'paused' });
  addNode(viewer.doc, { kind: 'aws.s3', x: 0, y: 0 });
  await eventually(() => expect(readSession(fresh.doc)?.status).toBe('running'));

  // The replay: the host's alone during the session; one step per stored update, with its author.
  for (const token of [board.editToken, board.viewToken]) {
    expect((await get(two, `/api/boards/${board.id}/replay`, token)).status).toBe(403);
  }
  addNode(host.doc, { kind: 'aws.lambda', x: 200, y: 0, label: 'Shorten' });
  await eventually(() => expect(readBoard(fresh.doc).nodes).toHaveLength(2));
  const answer = await get(two, `/api/boards/${board.id}/replay`, board.hostToken);
  expect(answer.status).toBe(200);
  const { steps } = replaySchema.parse(answer.body);
  // step 0: the board as created (by nobody); then the host's start, the candidate's node, the host's
  expect(steps.map((s) => s.by?.name ?? null)).toEqual([null, 'Ines', 'Carl', 'Ines']);
  const replayed = new Y.Doc();
  for (const step of steps) Y.applyUpdate(replayed, Buffer.from(step.update, 'base64'));
  expect(
    readBoard(replayed)
      .nodes.map((n) => n.label)
      .sort(),
  ).toEqual(['API', 'Shorten']);

  // A phase version: the host's link only; it records its place in the replay.
  const phase = {
    kind: 'phase',
    name: 'Requirements',
    stateVector: Buffer.from(Y.encodeStateVector(host.doc)).toString('base64'),
  };
  expect((await post(two, `/api/boards/${board.id}/history`, board.editToken, phase)).status).toBe(403);
  const saved = await post(two, `/api/boards/${board.id}/history`, board.hostToken, phase);
  expect(saved.status).toBe(201);
  expect((saved.body.version as { step?: number }).step).toBe(4);
  for (const client of [notes, notesElsewhere, host, viewer, fresh]) client.destroy();
}

describe('INTERVIEW one instance', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('INTERVIEW-1 creation: the host’s token, the session in the doc, the server’s clock; phases only for an interview', async () => {
    const phases = [
      { name: 'Requirements', minutes: 5 },
      { name: 'Design', minutes: 20 },
    ];
    const board = await createInterview(server, { phases });
    const reader = await person(server, board.id, board.viewToken, 'Olga', '#2f9e44');
    expect(readSession(reader.doc)).toEqual({ phases, status: 'ready', phase: 0, elapsed: 0, marks: [] });
    expect(readBoard(reader.doc).title).toBe('System design: a URL shortener');
    reader.destroy();
    const plain = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Plain', phases }),
    });
    expect(plain.status).toBe(400);
    const before = Date.now();
    const time = await fetch(`${server.url}/api/time`);
    expect(time.headers.get('cache-control')).toBe('no-store');
    const { now } = (await time.json()) as { now: number };
    expect(now).toBeGreaterThanOrEqual(before - 5);
    expect(now).toBeLessThanOrEqual(Date.now() + 5);
  });

  it('INTERVIEW-2 the host document, the clock and the replay are the host’s alone (4403, permission-denied, 403)', async () => {
    await wireChecks(server, server);
  });
});

describe('INTERVIEW two instances sharing Redis', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  it('INTERVIEW-3 the same holds across instances: host document refused on both, clock refused, replay archived once', async () => {
    cluster = await startCluster(2);
    await wireChecks(cluster.servers[0]!, cluster.servers[1]!);
  }, 60_000);
});
