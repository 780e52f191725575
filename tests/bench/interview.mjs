// The space an interview's replay takes (issue 10): one 45-minute session played through a
// real server, faster than life, by two unmodified y-websocket providers (the interviewer
// and the candidate), then the archive read back through `GET /api/boards/<id>/replay`.
//
// The session follows what a whiteboard interview produces (an assumption, stated here):
// the candidate adds BENCH_INTERVIEW_NODES components and BENCH_INTERVIEW_EDGES arrows,
// drags nodes BENCH_INTERVIEW_DRAGS times (each drag 1.5 s of moves at the page's 20 writes a
// second), types a label of 12 characters on every node and every third arrow, one character
// per update, and answers the design questions (BENCH_INTERVIEW_ANSWER_CHARS characters in
// all); the interviewer moves through the five phases. Every one of those updates is one
// step of the replay.
//
// Run with `npm run bench -- interview`. Figures go to BENCH_OUT (.tmp/bench-interview.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { int, log, sleep } from './lib/harness.mjs';
import { ROOT, startBenchServer } from './lib/servers.mjs';
import { importSharedSource } from './lib/sharedSource.mjs';

const {
  addNode,
  connect,
  end,
  moveNodes,
  nextPhase,
  readSession,
  renameEdge,
  renameNode,
  setAnswer,
  start,
  writeSession,
  DESIGN_QUESTIONS,
  replaySchema,
} = await importSharedSource(
  "export { addNode, connect, end, moveNodes, nextPhase, readSession, renameEdge, renameNode, setAnswer, start, writeSession, replaySchema, DESIGN_QUESTIONS } from '@archboard/shared';",
);

const config = {
  nodes: int('BENCH_INTERVIEW_NODES', 40),
  edges: int('BENCH_INTERVIEW_EDGES', 50),
  drags: int('BENCH_INTERVIEW_DRAGS', 150),
  answerChars: int('BENCH_INTERVIEW_ANSWER_CHARS', 2400),
  out: resolve(ROOT, process.env.BENCH_OUT || '.tmp/bench-interview.json'),
};
const MOVES_PER_DRAG = 30; // 1.5 s at 20 writes a second

const server = await startBenchServer('ours', {
  env: { MAX_MESSAGES_PER_SECOND: '100000', MAX_BYTES_PER_SECOND: '1073741824' },
});
try {
  const base = `http://127.0.0.1:${server.port}`;
  const created = await fetch(`${base}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Interview bench', interview: true }),
  });
  const board = /** @type {{ id: string, hostToken: string, editToken: string }} */ (await created.json());
  const person = async (token, name, color) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.serverUrl, board.id, doc, {
      params: { token },
      WebSocketPolyfill: /** @type {any} */ (WebSocket),
      disableBc: true,
    });
    provider.awareness.setLocalState({ user: { name, color } });
    await new Promise((resolve) => provider.once('sync', resolve));
    return { doc, provider };
  };
  const host = await person(board.hostToken, 'Interviewer', '#e64980');
  const candidate = await person(board.editToken, 'Candidate', '#1c7ed6');
  let updates = 0;
  candidate.doc.on('update', (_u, origin) => origin !== candidate.provider && updates++);
  host.doc.on('update', (_u, origin) => origin !== host.provider && updates++);
  /** Lets the server keep up: a pause after every 200 updates. */
  const pace = async () => {
    if (updates % 200 === 0) await sleep(20);
  };
  const typed = async (write, text) => {
    for (let i = 1; i <= text.length; i++) {
      write(text.slice(0, i));
      await pace();
    }
  };
  const phase = (change) => writeSession(host.doc, change(readSession(host.doc), Date.now()));

  const started = Date.now();
  phase(start);
  const nodes = [];
  for (let i = 0; i < config.nodes; i++) {
    const id = addNode(candidate.doc, { kind: 'aws.lambda', x: (i % 8) * 220, y: Math.floor(i / 8) * 160 }).value;
    nodes.push(id);
    await typed((label) => renameNode(candidate.doc, id, label), `Service ${String(i).padStart(4, '0')}`);
  }
  phase(nextPhase);
  const edges = [];
  for (let i = 0; i < config.edges; i++) {
    const result = connect(candidate.doc, {
      source: nodes[i % nodes.length],
      target: nodes[(i * 7 + 3) % nodes.length],
    });
    if (!result.ok) continue;
    edges.push(result.value);
    if (i % 3 === 0) await typed((label) => renameEdge(candidate.doc, result.value, label), 'HTTPS, 2 KB');
    await pace();
  }
  phase(nextPhase);
  for (let d = 0; d < config.drags; d++) {
    const id = nodes[d % nodes.length];
    for (let m = 0; m < MOVES_PER_DRAG; m++) {
      moveNodes(candidate.doc, [{ id, x: (d % 8) * 220 + m * 3, y: 40 + m * 2 }]);
      await pace();
    }
  }
  phase(nextPhase);
  const questions = DESIGN_QUESTIONS.slice(0, 6);
  const perAnswer = Math.floor(config.answerChars / questions.length);
  for (const question of questions) {
    await typed((text) => setAnswer(candidate.doc, question.id, text), 'x'.repeat(perAnswer));
  }
  phase(nextPhase);
  phase(end);
  const expected = updates;
  let steps = [];
  let replayBytes = 0;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
    const response = await fetch(`${base}/api/boards/${board.id}/replay`, {
      headers: { authorization: `Bearer ${board.hostToken}` },
    });
    const text = await response.text();
    steps = replaySchema.parse(JSON.parse(text)).steps;
    replayBytes = text.length;
    if (steps.length >= expected + 1) break;
  }
  const updateBytes = steps.reduce((sum, s) => sum + Buffer.from(s.update, 'base64').byteLength, 0);
  const authorBytes = steps.reduce((sum, s) => sum + (s.by ? JSON.stringify(s.by).length : 0), 0);
  const stored = updateBytes + authorBytes + steps.length * 8; // the update, its author's JSON, its time
  const figures = {
    session: { ...config, movesPerDrag: MOVES_PER_DRAG, playedInSeconds: Math.round((Date.now() - started) / 1000) },
    updatesSent: expected,
    steps: steps.length,
    updateBytes,
    storedBytes: stored,
    bytesPerStep: Math.round(stored / steps.length),
    replayResponseBytes: replayBytes,
  };
  host.provider.destroy();
  candidate.provider.destroy();
  log(
    `45-minute interview: ${steps.length} replay steps (${expected} updates sent), ` +
      `${(stored / 1024).toFixed(0)} KiB stored (${figures.bytesPerStep} B a step), ` +
      `replay download ${(replayBytes / 1024).toFixed(0)} KiB`,
  );
  if (steps.length < expected + 1) throw new Error(`the archive holds ${steps.length} steps, ${expected + 1} expected`);
  mkdirSync(dirname(config.out), { recursive: true });
  writeFileSync(config.out, JSON.stringify(figures, null, 2));
  log(`figures: ${config.out}`);
} finally {
  await server.stop();
}
