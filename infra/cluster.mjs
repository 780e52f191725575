// `npm run cluster`: the multi-instance set-up on one machine, with real parts:
// redis-server (append-only persistence), INSTANCES server processes sharing it, and
// nginx as a WebSocket load balancer on PORT with no sticky sessions. Ctrl-C stops
// everything it started. Needs a build (npm run build) and redis-server and nginx on PATH.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxConfig } from './nginxConfig.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.PORT ?? 8080);
const INSTANCES = Number(process.env.INSTANCES ?? 2);
const REDIS_PORT = Number(process.env.REDIS_PORT ?? 6390);
const DIR = resolve(process.env.CLUSTER_DIR ?? join(ROOT, 'data/cluster'));
const children = [];

function which(program) {
  const found = spawnSync('sh', ['-c', `command -v ${program} || ls /usr/sbin/${program} 2>/dev/null`], {
    encoding: 'utf8',
  });
  const path = found.stdout.trim().split('\n')[0];
  if (!path) {
    console.error(
      `cluster: ${program} is missing. Install it: apt-get install -y ${program === 'nginx' ? 'nginx' : 'redis-server'}`,
    );
    process.exit(1);
  }
  return path;
}

function start(name, cmd, args, env = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tag = `[${name}] `;
  const relay = (stream, out) => stream.on('data', (chunk) => out.write(chunk.toString().replace(/^(?=.)/gm, tag)));
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`cluster: ${name} exited (${code ?? signal}); stopping everything`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

if (!existsSync(join(ROOT, 'server/dist/main.js'))) {
  console.error('cluster: no build found; run `npm run build` first');
  process.exit(1);
}
const redisServer = which('redis-server');
const nginx = which('nginx');
for (const sub of ['redis', 'nginx', 'nginx/body', 'nginx/proxy', 'nginx/fastcgi', 'nginx/uwsgi', 'nginx/scgi']) {
  mkdirSync(join(DIR, sub), { recursive: true, mode: 0o777 });
}
const secretFile = join(DIR, 'auth-secret');
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
const AUTH_SECRET = process.env.AUTH_SECRET ?? spawnSync('cat', [secretFile], { encoding: 'utf8' }).stdout.trim();

start('redis', redisServer, [
  '--port',
  String(REDIS_PORT),
  '--bind',
  '127.0.0.1',
  '--dir',
  join(DIR, 'redis'),
  '--appendonly',
  'yes',
  '--appendfsync',
  'everysec',
  '--maxmemory-policy',
  'noeviction',
  '--save',
  '',
]);
await new Promise((r) => setTimeout(r, 300));
const upstreams = [];
for (let i = 1; i <= INSTANCES; i++) {
  const port = PORT + i;
  upstreams.push(`127.0.0.1:${port}`);
  start(`server${i}`, process.execPath, [join(ROOT, 'server/dist/main.js')], {
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
    AUTH_SECRET,
    INSTANCE_ID: `server${i}`,
    DATA_DIR: join(DIR, `server${i}`),
    // nginx connects from 127.0.0.1: believe its X-Forwarded-For, so limits count each client, not nginx
    TRUSTED_PROXIES: '127.0.0.1',
  });
}
const conf = join(DIR, 'nginx/nginx.conf');
writeFileSync(
  conf,
  nginxConfig({ listen: PORT, upstreams, prefix: join(DIR, 'nginx'), runAsRoot: process.getuid?.() === 0 }),
);
start('nginx', nginx, ['-c', conf, '-p', join(DIR, 'nginx'), '-g', 'daemon off;']);
console.log(
  `\ncluster: Archboard on http://localhost:${PORT} — nginx → ${INSTANCES} instances → Redis :${REDIS_PORT}. Ctrl-C stops it.\n`,
);
