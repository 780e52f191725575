import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard, type BoardId } from '@archboard/shared';
import { DocThread } from './DocThread';

const BOARD = 'doc-thread' as BoardId;
const NOTHING = new Uint8Array([0]);
let dir: string;
let workerFile: string;

// The thread runs the worker bundled by esbuild, as server/build.mjs ships it (with its
// dependencies inside, since it runs from a temporary folder).
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doc-thread-'));
  workerFile = join(dir, 'docWorker.mjs');
  await build({
    entryPoints: [new URL('./docWorker.ts', import.meta.url).pathname],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small board's updates, one per node, as a client would send them. */
function edits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) addNode(doc, { kind: 'aws.sqs', x: i, y: 0, label: `q${i}` });
  return { doc, updates };
}

const boardOf = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return readBoard(doc);
};

describe('DocThread', () => {
  it('DOC-1 answers in the order asked: an update applied before a diff is in it, and a client that has some gets only the rest', async () => {
    const thread = new DocThread(workerFile, pino({ level: 'silent' }));
    try {
      const { doc, updates } = edits(3);
      expect(await thread.open(BOARD, updates.slice(0, 2))).toEqual({ failed: [], interview: false });
      const first = await thread.diff(BOARD, NOTHING);
      expect(boardOf(first).nodes).toHaveLength(2);
      thread.apply(BOARD, updates[2]!);
      const whole = await thread.diff(BOARD, NOTHING);
      expect(
        boardOf(whole)
          .nodes.map((n) => n.label)
          .sort(),
      ).toEqual(['q0', 'q1', 'q2']);
      expect(Y.decodeStateVector(await thread.stateVector(BOARD))).toEqual(
        Y.decodeStateVector(Y.encodeStateVector(doc)),
      );
      // a client holding the first two nodes is sent the third only
      const partial = new Y.Doc();
      updates.slice(0, 2).forEach((u) => Y.applyUpdate(partial, u));
      const rest = await thread.diff(BOARD, Y.encodeStateVector(partial));
      expect(rest.byteLength).toBeLessThan(whole.byteLength);
      Y.applyUpdate(partial, rest);
      expect(readBoard(partial).nodes).toHaveLength(3);
    } finally {
      await thread.stop();
    }
  });

  it('DOC-2 a stored update that fails to apply is reported and skipped; the rest of the board loads', async () => {
    const logged: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    const thread = new DocThread(workerFile, log);
    try {
      const { updates } = edits(2);
      const { failed } = await thread.open(BOARD, [updates[0]!, new Uint8Array([1, 2, 3, 250]), updates[1]!]);
      expect(failed).toEqual([1]);
      expect(boardOf(await thread.diff(BOARD, NOTHING)).nodes).toHaveLength(2);
      expect(logged.join('')).toContain('skipped an update that failed to apply');
    } finally {
      await thread.stop();
    }
  });

  it('DOC-3 when the thread dies, pending calls fail, onLost is called, and the next open starts a new thread', async () => {
    const thread = new DocThread(workerFile, pino({ level: 'silent' }));
    let lost = 0;
    thread.onLost = () => lost++;
    try {
      const { updates } = edits(1);
      await thread.open(BOARD, updates);
      // a crash, as the thread sees it: its worker exits on its own
      const worker = (thread as unknown as { worker: Worker }).worker;
      await worker.terminate();
      await expect.poll(() => lost).toBe(1);
      await expect(thread.stateVector(BOARD)).rejects.toThrow(/not running/);
      await thread.open(BOARD, updates);
      expect(boardOf(await thread.diff(BOARD, NOTHING)).nodes).toHaveLength(1);
    } finally {
      await thread.stop();
    }
  });
});
