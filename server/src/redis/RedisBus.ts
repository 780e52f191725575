import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BoardId } from '@archboard/shared';
import type { Bus, BusHandlers, BusSubscription, LinksChange } from '../bus/Bus';
import { awarenessClients, mergeAwarenessUpdates } from './awarenessBatch';
import { decodeFrame, encodeAwarenessFrame, encodeLinksFrame, type ChannelFrame } from './frames';
import { HeartbeatJudge } from './HeartbeatJudge';
import { boardKeys, compareIds, heartbeatKey } from './keys';
import { linkGenerationOf, type RedisStore } from './RedisStore';

export interface RedisBusOptions {
  instance: string;
  log: Logger;
  /** How often this instance renews its heartbeat key, and the key's lifetime. */
  heartbeatMs: number;
  heartbeatTtlMs: number;
  /** How often each open board's last log id is compared with ours, as a safety net. */
  pollMs: number;
  /** Called with the lag (ms) between a remote append and its arrival here. */
  onRemoteUpdate?: (lagMs: number) => void;
}

type UpdateFrame = Extract<ChannelFrame, { type: 'update' }>;

interface BoardState {
  board: BoardId;
  handlers: BusHandlers;
  /** The last log id applied; undefined until the room has loaded. */
  cursor: string | undefined;
  catchingUp: boolean;
  /** Update frames that arrived while loading or catching up, in arrival order. */
  held: UpdateFrame[];
  /** Awareness client ids announced by each other instance on this board. */
  presence: Map<string, Set<number>>;
}

/** Boards polled per pipeline (one round trip). */
const POLL_BATCH = 1000;

/**
 * The Redis bus. Pub/sub carries the board's log quickly; the log itself (the stream) is
 * the truth. Each update frame names its log id and the id before it: a frame that does
 * not follow the last id applied means frames were missed, and the board is read from
 * the log after that id. The same catch-up runs when the subscriber connection comes back
 * and, as a safety net, when a periodic check finds the log ahead of us. One subscriber
 * connection per instance; one channel per open board.
 */
export class RedisBus implements Bus {
  private readonly boards = new Map<BoardId, BoardState>();
  private readonly channels = new Map<string, BoardState>();
  private readonly awarenessOut = new Map<BoardId, Uint8Array[]>();
  private readonly judge: HeartbeatJudge;
  /** A presence check is running: the next tick skips rather than queue another behind a stalled Redis. */
  private checking = false;
  private polling = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly store: RedisStore,
    private readonly options: RedisBusOptions,
  ) {
    this.judge = new HeartbeatJudge(options.heartbeatMs, options.heartbeatTtlMs);
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
    // ioredis re-subscribes by itself after a reconnect; frames published meanwhile are lost to us, so read the log.
    subscriber.on('ready', () => this.boards.forEach((state) => void this.catchUp(state)));
    const every = (ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(
        () => fn().catch((e: unknown) => this.options.log.debug({ err: e }, 'bus timer failed')),
        ms,
      );
      timer.unref();
      this.timers.push(timer);
    };
    every(options.heartbeatMs, () => this.beat());
    every(1000, () => this.checkPresence());
    every(options.pollMs, () => this.poll());
    void this.beat().catch(() => {});
  }

  async subscribe(board: BoardId, handlers: BusHandlers): Promise<BusSubscription> {
    const state: BoardState = { board, handlers, cursor: undefined, catchingUp: false, held: [], presence: new Map() };
    const { channel } = boardKeys(board);
    this.boards.set(board, state);
    this.channels.set(channel, state);
    try {
      await this.subscriber.subscribe(channel);
    } catch (e) {
      this.forget(state, channel);
      throw e;
    }
    return {
      resume: (cursor) => {
        state.cursor = cursor ?? '0-0';
        this.drain(state);
      },
      close: async () => {
        this.forget(state, channel);
        await this.subscriber.unsubscribe(channel).catch(() => {}); // the connection may be down: nothing to undo then
      },
    };
  }

  private forget(state: BoardState, channel: string): void {
    if (this.boards.get(state.board) === state) this.boards.delete(state.board);
    if (this.channels.get(channel) === state) this.channels.delete(channel);
  }

  /** RedisStore's append script publishes the update in the same step; nothing to do here. */
  publishUpdate(): void {}

  /** Awareness is batched per board per tick and published once; it is never stored. */
  publishAwareness(board: BoardId, update: Uint8Array): void {
    const queued = this.awarenessOut.get(board);
    if (queued) return void queued.push(update);
    this.awarenessOut.set(board, [update]);
    setImmediate(() => {
      const updates = this.awarenessOut.get(board) ?? [];
      this.awarenessOut.delete(board);
      const frame = encodeAwarenessFrame(this.options.instance, mergeAwarenessUpdates(updates));
      this.redis.publish(boardKeys(board).channel, frame).catch((e: unknown) => {
        this.options.log.debug({ board, err: e }, 'awareness not published (Redis unavailable); presence is transient');
      });
    });
  }

  /**
   * Links changes are rare and matter (a leaked link is being shut out), so a lost one is
   * logged loudly; the periodic poll finds it in the board's links key anyway.
   */
  publishLinks(board: BoardId, change: LinksChange): void {
    this.redis
      .publish(boardKeys(board).channel, encodeLinksFrame(this.options.instance, change))
      .catch((e: unknown) => {
        this.options.log.warn(
          { board, change, err: e },
          'links change not published; other instances see it at their next poll',
        );
      });
  }

  private onMessage(channel: string, message: Buffer): void {
    const state = this.channels.get(channel);
    const frame = decodeFrame(message);
    if (!state || !frame) return;
    if (frame.type === 'links') {
      if (frame.instance !== this.options.instance) state.handlers.links(frame.change);
      return;
    }
    if (frame.type === 'awareness') {
      if (frame.instance === this.options.instance) return;
      this.trackPresence(state, frame.instance, frame.update);
      return state.handlers.awareness(frame.update);
    }
    state.held.push(frame);
    this.drain(state);
  }

  /** Applies held frames in order while they follow on; on a gap, reads the log instead. */
  private drain(state: BoardState): void {
    while (state.cursor !== undefined && !state.catchingUp && state.held.length > 0) {
      const frame = state.held[0]!;
      if (compareIds(frame.id, state.cursor) <= 0) {
        state.held.shift(); // already applied, from the load or a catch-up
      } else if (frame.prev === state.cursor) {
        state.held.shift();
        state.cursor = frame.id;
        if (frame.instance !== this.options.instance) {
          this.options.onRemoteUpdate?.(Date.now() - Number(frame.id.split('-')[0]));
          state.handlers.update(frame.update);
        }
      } else {
        void this.catchUp(state);
      }
    }
  }

  private async catchUp(state: BoardState): Promise<void> {
    if (state.cursor === undefined || state.catchingUp) return;
    state.catchingUp = true;
    try {
      const read = await this.store.read(state.board, state.cursor);
      if (read.snapshot) state.handlers.update(read.snapshot);
      for (const entry of read.entries) state.handlers.update(entry.update);
      const lastRead = read.entries.at(-1)?.id;
      if (lastRead) state.cursor = lastRead;
      else if (compareIds(read.last, state.cursor) > 0) state.cursor = read.last; // all of it was in the snapshot
      this.options.log.info(
        { board: state.board, entries: read.entries.length, cursor: state.cursor },
        'caught up from the log',
      );
    } catch (e) {
      this.options.log.warn({ board: state.board, err: e }, 'catch-up failed; retrying');
      setTimeout(() => void this.catchUp(state), 500).unref();
      return;
    } finally {
      state.catchingUp = false;
    }
    this.drain(state);
  }

  /**
   * The safety net: each board's last log id and links, read in pipelines of POLL_BATCH
   * (10,000 open boards are 10 round trips, not 10,000); a poll still running skips the next.
   */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const boards = [...this.boards.values()].filter((state) => state.cursor !== undefined && !state.catchingUp);
      for (let i = 0; i < boards.length; i += POLL_BATCH) {
        const batch = boards.slice(i, i + POLL_BATCH);
        const pipeline = this.redis.pipeline();
        for (const state of batch) pipeline.mget(boardKeys(state.board).last, boardKeys(state.board).links);
        const replies = (await pipeline.exec()) ?? [];
        batch.forEach((state, j) => {
          const [err, values] = replies[j] ?? [null, undefined];
          if (!err && Array.isArray(values)) this.polled(state, values[0] ?? null, values[1] ?? null);
        });
      }
    } finally {
      this.polling = false;
    }
  }

  private polled(state: BoardState, last: string | null, links: string | null): void {
    if (state.cursor === undefined || state.catchingUp) return;
    if (last && compareIds(last, state.cursor) > 0 && state.held.length === 0) void this.catchUp(state);
    // The safety net for a links frame that was lost: the room ignores a change it already knows.
    const generation = linkGenerationOf(links);
    if (generation === 'deleted') state.handlers.links({ type: 'deleted' });
    else if (generation > 0) state.handlers.links({ type: 'reset', generation });
  }

  private trackPresence(state: BoardState, instance: string, update: Uint8Array): void {
    const { present, removed } = awarenessClients(update);
    let ids = state.presence.get(instance);
    if (!ids) state.presence.set(instance, (ids = new Set()));
    present.forEach((id) => ids.add(id));
    removed.forEach((id) => ids.delete(id));
  }

  private async beat(): Promise<void> {
    await this.redis.set(heartbeatKey(this.options.instance), String(Date.now()), 'PX', this.options.heartbeatTtlMs);
  }

  /**
   * Drops the presence of instances that died (HeartbeatJudge: not a Redis restart, not a
   * stall). Checks never pile up: a tick is skipped while one runs.
   */
  private async checkPresence(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.checkInstances();
    } finally {
      this.checking = false;
    }
  }

  private async checkInstances(): Promise<void> {
    const instances = new Set<string>();
    this.boards.forEach((state) => state.presence.forEach((ids, instance) => ids.size > 0 && instances.add(instance)));
    for (const instance of instances) {
      const asked = performance.now();
      const alive = (await this.redis.exists(heartbeatKey(instance))) === 1;
      if (!this.judge.observe(instance, alive, asked, performance.now())) continue;
      for (const state of this.boards.values()) {
        const ids = state.presence.get(instance);
        state.presence.delete(instance);
        if (ids && ids.size > 0) state.handlers.presenceLost([...ids]);
      }
      this.options.log.info({ instance }, 'instance stopped; dropped its clients’ presence');
    }
  }

  async ping(): Promise<void> {
    await Promise.all([this.redis.ping(), this.subscriber.ping()]);
  }

  async close(): Promise<void> {
    this.timers.forEach(clearInterval);
    await this.redis.del(heartbeatKey(this.options.instance)).catch(() => {});
  }
}
