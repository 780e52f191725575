// One Hocuspocus 3.4 instance for the cluster bench, in a process of its own: the built-in
// server (HTTP + WebSocket) with the Redis extension, which syncs its documents with the
// other instances through Redis pub/sub. No persistence extension: like the reference in
// the latency bench, documents live in memory. Stops (Hocuspocus's own signal handler) on
// SIGTERM.
//
// Environment: PORT, HOST (default 127.0.0.1), REDIS_HOST (default 127.0.0.1), REDIS_PORT,
// INSTANCE_ID (the extension's identifier, which it uses to skip its own messages).
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';

const env = process.env;
if (!env.PORT || !env.REDIS_PORT) {
  process.stderr.write('hocuspocus-server: PORT and REDIS_PORT are required\n');
  process.exit(2);
}

const server = new Server({
  port: Number(env.PORT),
  address: env.HOST || '127.0.0.1',
  quiet: true,
  extensions: [
    new Redis({
      host: env.REDIS_HOST || '127.0.0.1',
      port: Number(env.REDIS_PORT),
      ...(env.INSTANCE_ID ? { identifier: env.INSTANCE_ID } : {}),
    }),
  ],
});
await server.listen();
