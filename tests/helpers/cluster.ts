import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
// @ts-expect-error -- a plain ESM module shared with the launcher; its JSDoc types suffice
import { nginxConfig } from '../../infra/nginxConfig.mjs';
import { freePort, startRedis, type RunningRedis } from './redis';
import { startServer, type RunningServer } from './server';

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Cluster {
  redis: RunningRedis;
  servers: (RunningServer | undefined)[];
  /** nginx, the load balancer: clients connect here. */
  url: string;
  wsUrl: string;
  env(i: number): Record<string, string>;
  /** SIGKILL instance i. */
  kill(i: number): Promise<void>;
  /** Starts instance i again on its port (nginx sends traffic to it again). */
  restart(i: number): Promise<RunningServer>;
  stop(): Promise<void>;
}

function nginxPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  const path = found.stdout.trim().split('\n')[0];
  if (!path) throw new Error('nginx is missing: apt-get install -y nginx (npm test installs it)');
  return path;
}

/** redis-server, `instances` servers sharing it, and nginx in front, all real processes on loopback. */
export async function startCluster(instances = 2, extraEnv: Record<string, string> = {}): Promise<Cluster> {
  const redis = await startRedis();
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const secret = 'c'.repeat(40);
  // nginx reaches the instances from 127.0.0.1: its X-Forwarded-For names the client, as in infra/compose.yaml.
  const env = (i: number) => ({
    REDIS_URL: redis.url,
    AUTH_SECRET: secret,
    INSTANCE_ID: `instance${i}`,
    TRUSTED_PROXIES: '127.0.0.1',
    ...extraEnv,
  });
  const servers: (RunningServer | undefined)[] = await Promise.all(
    ports.map((port, i) => startServer({ port, env: env(i) })),
  );

  const prefix = mkdtempSync(join(tmpdir(), 'archboard-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, sub), { mode: 0o777 });
  const listen = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    nginxConfig({
      listen,
      upstreams: ports.map((p) => `127.0.0.1:${p}`),
      prefix,
      runAsRoot: process.getuid?.() === 0,
    }),
  );
  const nginx = spawn(nginxPath(), ['-c', conf, '-p', prefix, '-g', 'daemon off;'], { stdio: 'ignore' });
  running.add(nginx);
  nginx.once('exit', () => running.delete(nginx));
  const url = `http://127.0.0.1:${listen}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      if (i > 100) throw new Error('nginx did not come up');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    redis,
    servers,
    url,
    wsUrl: `ws://127.0.0.1:${listen}/ws`,
    env,
    async kill(i) {
      await servers[i]?.kill();
      servers[i] = undefined;
    },
    async restart(i) {
      const server = await startServer({ port: ports[i], env: env(i) });
      servers[i] = server;
      return server;
    },
    async stop() {
      await Promise.all(servers.map((s) => s?.stop()));
      nginx.kill('SIGTERM');
      await redis.stop();
    },
  };
}
