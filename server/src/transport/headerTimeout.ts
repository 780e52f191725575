import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Destroys a connection whose first request has not finished its headers `ms` after the
 * connection opened: a half-sent upgrade (or any slow-loris request) holds a socket and a
 * parser for nothing. Node's own `headersTimeout` is only checked every
 * `connectionsCheckingInterval` (30 s), so a timer per socket enforces it on time; the
 * property is set as well, for later requests on a kept-alive connection.
 */
export function limitHeaderTime(server: Server, ms: number): void {
  server.headersTimeout = ms;
  const timers = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), ms);
    timer.unref();
    timers.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  const headersDone = (req: IncomingMessage) => {
    const socket = req.socket as Socket;
    clearTimeout(timers.get(socket));
    timers.delete(socket);
  };
  server.on('request', headersDone);
  server.on('upgrade', headersDone);
}
