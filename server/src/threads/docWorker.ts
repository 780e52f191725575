// The doc thread: the Yjs docs of every board open on this instance (rooms/RoomDocs.ts). The
// event loop relays updates and asks here only what joining clients need, so applying or
// encoding a board of 100,000 items never stalls the other boards.
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from './threadPriority';
import { DocTable, hasNothing } from '../rooms/RoomDocs';
import type { DocReply, DocRequest } from './DocThread';

// Below the event loop, not far: clients joining any board wait for this thread's answers.
lowerThreadPriority(4);
const port = parentPort!;
const post = (reply: DocReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
const table = new DocTable((board, e) =>
  post({ type: 'error', board, error: e instanceof Error ? e.message : String(e) }),
);

port.on('message', (request: DocRequest) => {
  try {
    switch (request.op) {
      case 'apply':
        return request.updates.forEach(({ board, update }) => table.apply(board, update));
      case 'close':
        return table.close(request.board);
      case 'check':
        return post({ type: 'result', id: request.id, result: table.check(request.update, request.guard) });
      case 'open':
        return post({ type: 'result', id: request.id, result: table.open(request.board, request.updates) });
      case 'stateVector': {
        const result = table.stateVector(request.board);
        return post({ type: 'result', id: request.id, result }, [result.buffer as ArrayBuffer]);
      }
      case 'diff': {
        const diff = table.diff(request.board, request.stateVector);
        // The whole state is kept for the next joiner (DocTable.diff): a copy of it is handed
        // over, made here. Posted as it is, it would be copied twice, the second time on the
        // event loop, which for a board near the cap is tens of milliseconds of fresh memory.
        const result = hasNothing(request.stateVector) ? diff.slice() : diff;
        return post({ type: 'result', id: request.id, result }, [result.buffer as ArrayBuffer]);
      }
    }
  } catch (e) {
    if ('id' in request) post({ type: 'result', id: request.id, error: e instanceof Error ? e.message : String(e) });
  }
});
