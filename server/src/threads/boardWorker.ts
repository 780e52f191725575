// The board thread: work on a whole board that holds no store connection — a version's
// content hash (HistoryOptions.hashState) and the merge of a Redis compaction
// (RedisStoreOptions.merge). For a board at the size cap each takes hundreds of
// milliseconds to seconds, which here the event loop does not wait for.
import * as Y from 'yjs';
import { readBoard } from '@archboard/shared';
import { contentHash } from '../history/HistoryService';
import { mergeUpdatesWithGc } from '../store/mergeUpdates';
import { serveJobs } from './serveJobs';
import { lowerThreadPriority } from './threadPriority';

export type BoardJob = { type: 'hash'; state: Uint8Array } | { type: 'merge'; updates: Uint8Array[] };
export type BoardJobResult = { hash: string; state: Uint8Array } | { merged: Uint8Array };

// Work nobody waits for (a version's hash, a compaction's merge): well below the event loop.
lowerThreadPriority(10);
serveJobs<BoardJob, BoardJobResult>((job) => {
  if (job.type === 'merge') {
    const merged = mergeUpdatesWithGc(job.updates);
    return { result: { merged }, transfer: [merged.buffer as ArrayBuffer] };
  }
  const doc = new Y.Doc();
  Y.applyUpdate(doc, job.state);
  const hash = contentHash(readBoard(doc));
  doc.destroy();
  return { result: { hash, state: job.state }, transfer: [job.state.buffer as ArrayBuffer] };
});
