// A raw WebSocket client speaking the y-protocols sync handshake, to see what a server
// itself holds before any client re-sends its edits: the server's own sync step 1 (its
// state vector, the "greeting") and its sync step 2 to a client that has nothing (the
// whole board as the server has it).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const STEP1 = 0;
const STEP2 = 1;

/**
 * @typedef {object} ProbeResult
 * @property {Map<number, number> | undefined} greeting the server's first state vector, if it sent one
 * @property {Y.Doc | undefined} doc the board as its sync step 2 to an empty client carried it
 * @property {number} greetedAt when the greeting arrived (Date.now)
 * @property {string | undefined} failure why there is no answer (closed with a code, timed out)
 */

/**
 * Opens `${wsUrl}/${board}?token=…`, asks for everything (sync step 1 with an empty state
 * vector) and waits for both the server's sync step 1 and its sync step 2.
 * @param {string} wsUrl
 * @param {string} board
 * @param {string} token
 * @param {number} timeoutMs
 * @returns {Promise<ProbeResult>}
 */
export function probe(wsUrl, board, token, timeoutMs) {
  return new Promise((resolve) => {
    /** @type {ProbeResult} */
    const result = { greeting: undefined, doc: undefined, greetedAt: 0, failure: undefined };
    const ws = new WebSocket(`${wsUrl}/${board}?token=${encodeURIComponent(token)}`);
    ws.binaryType = 'nodebuffer';
    let done = false;
    const finish = (/** @type {string | undefined} */ failure) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (failure) result.failure = failure;
      ws.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish(`no ${result.greeting ? 'sync step 2' : 'greeting'} in ${timeoutMs} ms`),
      timeoutMs,
    );
    ws.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      encoding.writeVarUint(encoder, STEP1);
      encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
      ws.send(encoding.toUint8Array(encoder));
    });
    ws.on('message', (/** @type {Buffer} */ data) => {
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return; // presence, auth
        const type = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (type === STEP1 && !result.greeting) {
          result.greeting = Y.decodeStateVector(payload);
          result.greetedAt = Date.now();
        } else if (type === STEP2 && !result.doc) {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, payload);
          result.doc = doc;
        }
        if (result.greeting && result.doc) finish(undefined);
      } catch (e) {
        finish(`undecodable frame: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    ws.on('error', (e) => finish(`socket error: ${e.message}`));
    ws.on('close', (code, reason) => finish(`closed ${code} ${reason.toString()}`.trim()));
  });
}
