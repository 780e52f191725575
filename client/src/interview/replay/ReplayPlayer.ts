import type { Board } from '@archboard/shared';
import { playbackOffsets, positionAfter, type Speed } from './playback';
import { ReplayTimeline, type TimelineStep } from './ReplayTimeline';

export interface ReplaySnapshot {
  /** `closed`: the live board is on screen; `loading`: the replay is being read; `error`: it could not be. */
  status: 'closed' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** The timeline, while ready (the same object until the replay is closed; it grows on refresh). */
  timeline: ReplayTimeline | null;
  /** How many steps the timeline has; changes when a refresh appends some. */
  length: number;
  /** The board after this many steps is on screen. */
  position: number;
  playing: boolean;
  speed: Speed;
  /** The replayed board, while ready. */
  board: Board | undefined;
}

export interface ReplayPlayerDeps {
  /** Every step of the board's replay, as the server has it now. */
  fetchSteps(): Promise<TimelineStep[]>;
  /** A monotonic clock in milliseconds (performance.now in the browser). */
  now(): number;
  /** Calls back at the next frame; returns a way to cancel. */
  frame(callback: () => void): () => void;
}

const CLOSED: ReplaySnapshot = {
  status: 'closed',
  error: null,
  timeline: null,
  length: 0,
  position: 0,
  playing: false,
  speed: 1,
  board: undefined,
};

/**
 * The replay of one open board, as React reads it (useSyncExternalStore): opening reads
 * the steps and shows the board as it is now (the end of the timeline); seeking shows the
 * board after any number of steps; playing advances the position by the playback clock
 * (playback.ts), one frame at a time, and stops at the end. The speed is kept across
 * openings.
 */
export class ReplayPlayer {
  private state: ReplaySnapshot = CLOSED;
  private readonly listeners = new Set<() => void>();
  /** Bumped on open and close, so an answer to an older request is dropped. */
  private generation = 0;
  private run: { from: number; startedAt: number; offsets: number[] } | undefined;
  private cancelFrame: (() => void) | undefined;

  constructor(private readonly deps: ReplayPlayerDeps) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReplaySnapshot => this.state;

  async open(): Promise<void> {
    if (this.state.status === 'loading' || this.state.status === 'ready') return;
    const generation = ++this.generation;
    this.set({ ...CLOSED, speed: this.state.speed, status: 'loading' });
    try {
      const steps = await this.deps.fetchSteps();
      if (generation !== this.generation) return;
      const timeline = new ReplayTimeline(steps);
      const position = timeline.length;
      this.set({ status: 'ready', timeline, length: position, position, board: timeline.boardAt(position) });
    } catch (e) {
      if (generation !== this.generation) return;
      this.set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Reads the steps again and appends the new ones; a player parked at the end stays at the (new) end. */
  async refresh(): Promise<void> {
    const { timeline } = this.state;
    if (this.state.status !== 'ready' || !timeline) return;
    const generation = this.generation;
    const steps = await this.deps.fetchSteps();
    if (generation !== this.generation || steps.length <= timeline.length) return;
    const atEnd = !this.state.playing && this.state.position === timeline.length;
    timeline.append(steps.slice(timeline.length));
    if (this.run) this.run.offsets = playbackOffsets(timeline.times, this.state.speed);
    this.set({ length: timeline.length });
    if (atEnd) this.show(timeline.length);
  }

  close(): void {
    if (this.state.status === 'closed') return;
    this.generation++;
    this.stop();
    this.state.timeline?.destroy();
    this.set({ ...CLOSED, speed: this.state.speed });
  }

  /** Shows the board after `position` steps; playing goes on from there. */
  seek(position: number): void {
    if (this.state.status !== 'ready') return;
    this.show(position);
    if (this.state.playing) this.startRun();
  }

  play(): void {
    if (this.state.status !== 'ready' || this.state.playing) return;
    // From the end, play starts again from the empty board.
    if (this.state.position >= this.state.length) this.show(0);
    this.set({ playing: true });
    this.startRun();
  }

  pause(): void {
    this.stop();
    if (this.state.playing) this.set({ playing: false });
  }

  setSpeed(speed: Speed): void {
    if (speed === this.state.speed) return;
    this.set({ speed });
    if (this.state.playing) this.startRun();
  }

  private startRun(): void {
    const { timeline, position, speed } = this.state;
    if (!timeline) return;
    this.cancelFrame?.();
    this.run = { from: position, startedAt: this.deps.now(), offsets: playbackOffsets(timeline.times, speed) };
    this.cancelFrame = this.deps.frame(this.tick);
  }

  private readonly tick = (): void => {
    this.cancelFrame = undefined;
    const run = this.run;
    if (!run || !this.state.playing) return;
    const position = positionAfter(run.offsets, run.from, this.deps.now() - run.startedAt);
    if (position !== this.state.position) this.show(position);
    if (position >= this.state.length) {
      this.stop();
      this.set({ playing: false });
    } else this.cancelFrame = this.deps.frame(this.tick);
  };

  private stop(): void {
    this.cancelFrame?.();
    this.cancelFrame = undefined;
    this.run = undefined;
  }

  private show(position: number): void {
    const { timeline } = this.state;
    if (!timeline) return;
    const clamped = Math.min(Math.max(Math.round(position), 0), timeline.length);
    this.set({ position: clamped, board: timeline.boardAt(clamped) });
  }

  private set(change: Partial<ReplaySnapshot>): void {
    this.state = { ...this.state, ...change };
    this.listeners.forEach((listener) => listener());
  }
}
