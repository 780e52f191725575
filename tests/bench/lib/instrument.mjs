// Preloaded into a bench server with `node --import` when BENCH_INSTRUMENT=1 (the server's
// code is not changed): measures the server's event-loop delay and, when the process uses
// better-sqlite3 (Archboard), how long each statement run blocks the loop, and counts the
// WebSocket frames it sends. The bench sends SIGUSR2 when the measured window starts
// (reset) and again when it ends (the figures are then written as JSON to
// $BENCH_INSTRUMENT_OUT). Frames are counted at `ws`'s send: Archboard writes its broadcasts
// (updates and presence to every socket of a board) past it, framed once
// (server/src/transport/wsFrames.ts), so for Archboard `framesSent` and `updateInServer`
// see only the frames sent to one connection (sync answers, refusals).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const out = process.env.BENCH_INSTRUMENT_OUT;
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();

/** @type {Map<string, number[]>} statement SQL → durations (ms) */
const runs = new Map();
const main = process.argv[1] ?? '';
if (main.endsWith('server/dist/main.js')) {
  const require = createRequire(join(process.cwd(), 'server/package.json'));
  const Database = require('better-sqlite3');
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();
  // Whole transactions too (Archboard compacts a board's log in one).
  const originalTransaction = Database.prototype.transaction;
  Database.prototype.transaction = function (fn) {
    const wrapped = originalTransaction.call(this, fn);
    const timed = function (...args) {
      const start = process.hrtime.bigint();
      try {
        return wrapped.apply(this, args);
      } finally {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        (runs.get('(transaction)') ?? runs.set('(transaction)', []).get('(transaction)')).push(ms);
      }
    };
    return Object.assign(timed, wrapped);
  };
  const original = proto.run;
  proto.run = function (...args) {
    const start = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const sql = String(this.source).replace(/\s+/g, ' ').slice(0, 60);
      (runs.get(sql) ?? runs.set(sql, []).get(sql)).push(ms);
    }
  };
}

/** Frames the server sent, by y-websocket message type (0 sync, 1 awareness, …), and their bytes. */
const frames = { count: {}, bytes: 0 };
/**
 * Time an edit spends in the server: from the arrival of a client's update frame to the
 * first send of the broadcast that follows it (`inToFirstSend`: decoding, storing,
 * applying), and from that first send to the last (`fanOut`: one send per connection).
 * Both servers send one frame object to every connection, so a new frame object starts a
 * new broadcast. With writes 10 ms apart, broadcasts rarely overlap.
 */
const residence = { inToFirstSend: /** @type {number[]} */ ([]), fanOut: /** @type {number[]} */ ([]) };
const clock = () => Number(process.hrtime.bigint()) / 1e6;
{
  // The `ws` the server itself loads (Archboard and the reference use different versions).
  const WebSocket = createRequire(main)('ws');
  let lastInbound = NaN;
  let broadcast = { frame: /** @type {unknown} */ (undefined), first: NaN, last: NaN };
  const finish = () => {
    if (broadcast.frame !== undefined) residence.fanOut.push(broadcast.last - broadcast.first);
  };
  const originalEmit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function (event, data, ...rest) {
    if (event === 'message' && data) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data, 0, 2) : data;
      if (bytes[0] === 0 && bytes[1] === 2) lastInbound = clock(); // a sync update from a client
    }
    return originalEmit.call(this, event, data, ...rest);
  };
  const original = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data, ...rest) {
    const type = data?.[0] ?? 'other';
    frames.count[type] = (frames.count[type] ?? 0) + 1;
    frames.bytes += data?.byteLength ?? 0;
    if (data?.[0] === 0 && data[1] === 2) {
      const t = clock();
      if (data !== broadcast.frame) {
        finish();
        if (Number.isFinite(lastInbound)) residence.inToFirstSend.push(t - lastInbound);
        lastInbound = NaN;
        broadcast = { frame: data, first: t, last: t };
      } else broadcast.last = t;
    }
    return original.call(this, data, ...rest);
  };
}

/** @param {number[]} values durations, ms */
const summary = (values) => {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const total = values.reduce((a, b) => a + b, 0);
  return {
    count: values.length,
    totalMs: total,
    mean: total / values.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: at(1),
  };
};

let windows = 0;
process.on('SIGUSR2', () => {
  if (windows++ === 0) {
    delay.reset();
    runs.clear();
    frames.count = {};
    frames.bytes = 0;
    residence.inToFirstSend = [];
    residence.fanOut = [];
    return;
  }
  if (!out) return;
  const ms = (ns) => ns / 1e6;
  writeFileSync(
    out,
    JSON.stringify({
      eventLoopDelay: {
        mean: ms(delay.mean),
        p50: ms(delay.percentile(50)),
        p90: ms(delay.percentile(90)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
      },
      framesSent: frames,
      updateInServer: { inToFirstSend: summary(residence.inToFirstSend), fanOut: summary(residence.fanOut) },
      statements: Object.fromEntries([...runs].map(([sql, values]) => [sql, summary(values)])),
    }),
  );
});
