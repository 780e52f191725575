// The floor for the cluster bench (issue 11): one process that only copies bytes. It speaks
// just enough of the y-websocket protocol for an unmodified provider to count as synced (it
// answers a sync step 1 with an empty step 2: the bench's board starts empty), and sends
// every other frame as it came to every other socket in the room. No document, no store, no
// checks: what any real server costs above this is its own work.
//
// One thing it must read: awareness clocks. An unmodified y-websocket provider re-sends every
// awareness update it applies, so a relay that forwards everything turns one renewal into
// 100 × 99 frames and then drowns; like every real server, it forwards only an awareness
// frame that brings a newer clock for some client.
import * as decoding from 'lib0/decoding';
import { WebSocketServer } from 'ws';

const EMPTY_STEP2 = new Uint8Array([0, 1, 2, 0, 0]); // sync, step 2, an update of nothing
const port = Number(process.env.PORT ?? 0);
/** @type {Map<string, Set<import('ws').WebSocket>>} */
const rooms = new Map();
/** @type {Map<string, Map<number, number>>} each room's awareness clock per client */
const clocks = new Map();

/** Whether an awareness frame brings a newer clock for some client of the room (and records them). */
function newer(room, bytes) {
  const known = clocks.get(room) ?? new Map();
  clocks.set(room, known);
  const decoder = decoding.createDecoder(decoding.readVarUint8Array(decoding.createDecoder(bytes.subarray(1))));
  let fresh = false;
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
    if (clock > (known.get(client) ?? -1)) {
      known.set(client, clock);
      fresh = true;
    }
  }
  return fresh;
}
const wss = new WebSocketServer({ host: process.env.HOST ?? '127.0.0.1', port, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const name = (req.url ?? '/').split('?')[0] ?? '/';
  const room = rooms.get(name) ?? new Set();
  rooms.set(name, room);
  room.add(ws);
  ws.on('message', (data, isBinary) => {
    const bytes = /** @type {Buffer} */ (data);
    if (bytes[0] === 0 && bytes[1] === 0) return void ws.send(EMPTY_STEP2); // sync step 1
    if (bytes[0] === 3) return; // query awareness: nothing kept to answer with
    if (bytes[0] === 1 && !newer(name, bytes)) return;
    for (const peer of room) if (peer !== ws && peer.readyState === 1) peer.send(bytes, { binary: isBinary });
  });
  ws.on('close', () => room.delete(ws));
});
// Any HTTP request gets a 426 from ws: enough for the harness to see it listening.
process.on('SIGTERM', () => process.exit(0));
