// Export benchmark: the SVG and the 2x PNG of a 1,000-node, 1,200-edge board, rendered by
// a running Archboard server (embedded store), and the server's responsiveness meanwhile.
//
// The board: 1,000 icon nodes on a 40 × 25 grid (150 px apart, 130 px between rows; a
// 6,000 × 3,300 px diagram, so its 2x PNG is about 80 megapixels), 975 edges to the
// right-hand neighbour and 225 down, in all four styles, a third of them labelled.
// Each run exports a fresh copy (its title differs, so no cached image is reused).
// Responsiveness: while each PNG renders, `/healthz` is asked every 10 ms; its latency is
// compared with the same probe on the idle server.
//
// Settings: BENCH_EXPORT_RUNS (5). Figures go to .tmp/bench-export.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { int, log, machineFacts, now, sleep, waitForQuiet } from './lib/harness.mjs';
import { ROOT, startBenchServer } from './lib/servers.mjs';
import { round, table } from './lib/stats.mjs';

const RUNS = int('BENCH_EXPORT_RUNS', 5);
const STYLES = ['sync', 'async', 'data', 'replication'];
const KINDS = ['aws.lambda', 'aws.ecs', 'aws.dynamodb', 'aws.sqs', 'aws.s3', 'aws.api-gateway', 'aws.elasticache'];

function benchBoard(title) {
  const nodes = [];
  for (let i = 0; i < 1000; i++) {
    nodes.push({
      id: `n${i}`,
      kind: KINDS[i % KINDS.length],
      x: (i % 40) * 150,
      y: Math.floor(i / 40) * 130,
      label: `Service ${i}`,
      notes: '',
      z: 1,
    });
  }
  const edges = [];
  for (let i = 0; i < 1000; i++) if (i % 40 !== 39) edges.push([i, i + 1]);
  for (let i = 0; edges.length < 1200; i += 4) edges.push([i, i + 40]);
  return {
    format: 'archboard',
    formatVersion: 1,
    title,
    nodes,
    edges: edges.map(([s, t], k) => ({
      id: `e${k}`,
      source: `n${s}`,
      target: `n${t}`,
      style: STYLES[k % 4],
      label: k % 3 === 0 ? `call ${k}` : '',
    })),
    answers: {},
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const median = (xs) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** Asks /healthz every 10 ms until `stop()`; returns the latencies. */
function probe(url) {
  const latencies = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t = now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      latencies.push(now() - t);
      await sleep(10);
    }
  })();
  return async () => {
    running = false;
    await done;
    return latencies.sort((a, b) => a - b);
  };
}

async function timed(url) {
  const t = now();
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`${url}: ${response.status} ${body.toString().slice(0, 200)}`);
  const server = Number(/render;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
  return { wallMs: now() - t, serverMs: server, bytes: body.length, body };
}

const load = await waitForQuiet(60_000);
if (load >= 25) log(`warning: the machine was ${load}% busy with other work when the bench started`);
const server = await startBenchServer('ours');
const url = `http://127.0.0.1:${server.port}`;
try {
  log(`export bench: ${RUNS} runs after a warm-up, server pid ${server.pid}`);
  const idle = probe(url);
  await sleep(2000);
  const idleLatencies = await idle();
  const runs = [];
  for (let run = 0; run <= RUNS; run++) {
    const created = await fetch(`${url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(benchBoard(`Bench ${run}`)),
    }).then((r) => r.json());
    const base = `${url}/api/boards/${created.id}`;
    const q = `token=${created.viewToken}`;
    const svg = await timed(`${base}/export.svg?${q}`);
    const stop = probe(url);
    const png = await timed(`${base}/export.png?${q}&scale=2`);
    const during = await stop();
    const size = { w: png.body.readUInt32BE(16), h: png.body.readUInt32BE(20) };
    if (run === 0) {
      log(`warm-up: svg ${round(svg.wallMs, 0)} ms, png ${round(png.wallMs, 0)} ms (${size.w}×${size.h})`);
      continue;
    }
    runs.push({
      svg,
      png,
      size,
      healthz: { p50: percentile(during, 50), p99: percentile(during, 99), max: during.at(-1), probes: during.length },
    });
    log(
      `run ${run}: svg ${round(svg.serverMs, 1)} ms (server) / ${round(svg.wallMs, 0)} ms (wall), png ${round(png.serverMs, 0)} ms / ${round(png.wallMs, 0)} ms, ${round(png.bytes / 1e6, 1)} MB, /healthz during: max ${round(during.at(-1), 1)} ms`,
    );
  }
  const col = (pick) => runs.map(pick);
  const rows = [
    ['', 'median', 'max', 'goal'],
    [
      'SVG, server ms',
      round(median(col((r) => r.svg.serverMs)), 1),
      round(Math.max(...col((r) => r.svg.serverMs)), 1),
      '≤ 200',
    ],
    [
      'SVG, request ms',
      round(median(col((r) => r.svg.wallMs)), 1),
      round(Math.max(...col((r) => r.svg.wallMs)), 1),
      '',
    ],
    [
      'PNG 2x, server ms',
      round(median(col((r) => r.png.serverMs)), 0),
      round(Math.max(...col((r) => r.png.serverMs)), 0),
      '≤ 2000',
    ],
    [
      'PNG 2x, request ms',
      round(median(col((r) => r.png.wallMs)), 0),
      round(Math.max(...col((r) => r.png.wallMs)), 0),
      '',
    ],
    [
      '/healthz during PNG, max ms',
      round(median(col((r) => r.healthz.max)), 1),
      round(Math.max(...col((r) => r.healthz.max)), 1),
      '< 50',
    ],
    ['/healthz idle, p50 / max ms', round(percentile(idleLatencies, 50), 1), round(idleLatencies.at(-1), 1), ''],
  ];
  log(
    `\nboard: 1,000 nodes, 1,200 edges; PNG ${runs[0].size.w}×${runs[0].size.h} px (${round((runs[0].size.w * runs[0].size.h) / 1e6, 0)} MP), ${round(runs[0].png.bytes / 1e6, 1)} MB`,
  );
  log(table(rows));
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const report = {
    machine: machineFacts(),
    runs: runs.map(({ svg, png, size, healthz }) => ({
      svgServerMs: svg.serverMs,
      svgWallMs: svg.wallMs,
      pngServerMs: png.serverMs,
      pngWallMs: png.wallMs,
      pngBytes: png.bytes,
      size,
      healthz,
    })),
    idleHealthz: { p50: percentile(idleLatencies, 50), max: idleLatencies.at(-1) },
  };
  writeFileSync(join(ROOT, '.tmp/bench-export.json'), `${JSON.stringify(report, null, 2)}\n`);
  log('\nfigures: .tmp/bench-export.json');
} finally {
  await server.stop();
}
