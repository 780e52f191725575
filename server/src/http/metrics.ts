import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RoomMetrics } from '../rooms/Room';

export interface MetricSources {
  connections: () => number;
  rooms: () => number;
  /** 1 when the Redis connections are ready, 0 when not; absent in embedded mode. */
  redisUp?: () => number;
}

/** The server's Prometheus metrics, in a registry of its own (served at /metrics). */
export function createMetrics(sources: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'archboard_process_' });
  new Gauge({
    name: 'archboard_connections',
    help: 'Open WebSocket connections',
    registers: [registry],
    collect() {
      this.set(sources.connections());
    },
  });
  new Gauge({
    name: 'archboard_rooms',
    help: 'Boards loaded on this instance',
    registers: [registry],
    collect() {
      this.set(sources.rooms());
    },
  });
  const redisUp = sources.redisUp;
  if (redisUp) {
    new Gauge({
      name: 'archboard_redis_up',
      help: '1 when both Redis connections are ready',
      registers: [registry],
      collect() {
        this.set(redisUp());
      },
    });
  }
  const updatesIn = new Counter({
    name: 'archboard_updates_in_total',
    help: 'Document updates received from clients',
    registers: [registry],
  });
  const updatesOut = new Counter({
    name: 'archboard_updates_out_total',
    help: 'Update frames sent to clients',
    registers: [registry],
  });
  const append = new Histogram({
    name: 'archboard_store_append_seconds',
    help: 'Time to append one merged update to the store',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });
  const busLag = new Histogram({
    name: 'archboard_bus_lag_seconds',
    help: 'Time from another instance’s append to its arrival here over the bus',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });
  const room: RoomMetrics = {
    updateIn: () => updatesIn.inc(),
    updatesOut: (frames) => updatesOut.inc(frames),
    appendSeconds: (seconds) => append.observe(seconds),
  };
  return { registry, room, busLag: (ms: number) => busLag.observe(Math.max(0, ms) / 1000) };
}
