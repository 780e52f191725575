// The load balancer in front of the instances, as nginx with health checks would be: one
// TCP port per instance, each sending new connections to its own instance while that one is
// up, else to the first other instance that is up, else closing them at once. An instance
// is marked down just before a fault stops it and up again only after the greeting check
// has read its first state vector, so no client reaches a restarted instance before the
// check. drain(i) closes the connections frontend i sent elsewhere, so that clients come
// back to their own instance (and the cluster keeps carrying edits across instances).
import { connect, createServer } from 'node:net';
import { HOST } from './processes.mjs';

/**
 * @param {{ port: number }[]} instances
 */
export async function startFrontends(instances) {
  const up = instances.map(() => true);
  /** @type {Set<{ frontend: number, target: number, client: import('node:net').Socket, upstream: import('node:net').Socket }>} */
  const pairs = new Set();
  const stats = { connections: 0, refused: 0, drained: 0 };
  const route = (/** @type {number} */ frontend) => {
    if (up[frontend]) return frontend;
    const other = up.findIndex((isUp) => isUp);
    return other >= 0 ? other : undefined;
  };
  const servers = await Promise.all(
    instances.map(
      (_, frontend) =>
        new Promise((resolve, reject) => {
          const server = createServer((client) => {
            const target = route(frontend);
            if (target === undefined) {
              stats.refused++;
              return client.destroy();
            }
            stats.connections++;
            const upstream = connect(/** @type {{ port: number }} */ (instances[target]).port, HOST);
            const pair = { frontend, target, client, upstream };
            pairs.add(pair);
            const close = () => {
              pairs.delete(pair);
              client.destroy();
              upstream.destroy();
            };
            client.on('error', close).on('close', close);
            upstream.on('error', close).on('close', close);
            client.pipe(upstream);
            upstream.pipe(client);
          });
          server.once('error', reject);
          server.listen(0, HOST, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => /** @type {import('node:net').AddressInfo} */ (s.address()).port);
  return {
    stats,
    /** The y-websocket server URL of each frontend. */
    wsUrls: ports.map((port) => `ws://${HOST}:${port}/ws`),
    down(/** @type {number} */ i) {
      up[i] = false;
    },
    up(/** @type {number} */ i) {
      up[i] = true;
    },
    /** Closes frontend i's connections that went to another instance. */
    drain(/** @type {number} */ i) {
      for (const pair of pairs) {
        if (pair.frontend === i && pair.target !== i) {
          stats.drained++;
          pair.client.destroy();
          pair.upstream.destroy();
          pairs.delete(pair);
        }
      }
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
    },
  };
}
