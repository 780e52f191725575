import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { diagramLayout, layoutToSvg, type Board, type Box, type IconSource, type SvgOptions } from '@archboard/shared';

/** What a PNG is drawn from: `readBoard`'s output, less what only other exports use. */
export type PngBoard = Pick<Board, 'title' | 'nodes' | 'edges'>;
import { PngWriter } from './pngEncoder';
import type { StripJob, StripResult } from './pngWorker';
import { renderStrip, type StripRows } from './renderPng';

export interface StripRendererOptions {
  /** The built worker script (dist/pngWorker.js); without it strips render in this thread (tests from source). */
  workerFile: string | undefined;
  /** Worker threads rendering strips side by side. */
  threads: number;
  fonts: string[];
  log: Logger;
}

/** Device pixels per strip: small enough that no strip's pixels weigh much, big enough that strips are few. */
const STRIP_DEVICE_PX = 512;

/** The strips of a picture, top to bottom: whole diagram pixels each, so strip edges fall on device pixel edges. */
export function strips(bounds: Box, scale: number): Box[] {
  const height = Math.max(1, Math.floor(STRIP_DEVICE_PX / scale));
  const out: Box[] = [];
  for (let top = 0; top < bounds.h; top += height)
    out.push({ x: bounds.x, y: bounds.y + top, w: bounds.w, h: Math.min(height, bounds.h - top) });
  return out;
}

interface Job {
  job: StripJob;
  resolve(rows: StripRows): void;
  reject(e: Error): void;
}

/**
 * Renders a PNG export strip by strip on worker threads and streams the strips into one
 * PNG, so a 4x picture of a big board never needs its whole raster in memory, and the
 * threads share the work. A worker that dies fails the strips it held and is replaced on
 * the next job. (It runs in the PNG process, see PngRenderer.)
 */
export class StripRenderer {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private workers = 0;
  private nextId = 0;

  constructor(private readonly options: StripRendererOptions) {}

  /** The board as a PNG at `scale`: `toSvg`'s picture, rasterised by resvg. */
  async render(board: PngBoard, svg: SvgOptions, scale: number, icons: IconSource): Promise<Buffer> {
    const layout = diagramLayout(board);
    const png = new PngWriter(layout.bounds.w * scale, layout.bounds.h * scale);
    const transparent = svg.background === 'transparent';
    // Strips are drawn a few per thread ahead; each is handed to the PNG writer in order as
    // soon as it is done, while the next ones render (deflate runs beside the threads).
    const ahead = 2 * Math.max(1, this.options.threads);
    const pending: Promise<StripRows>[] = [];
    let written: Promise<void> = Promise.resolve();
    let unwritten = 0;
    const writeNext = async () => {
      const rows = (await pending.shift()!).rows;
      unwritten++;
      written = written.then(() => png.write(rows)).finally(() => unwritten--);
      written.catch(() => undefined); // awaited below and at the end
      if (unwritten > ahead) await written; // deflate is behind: hold off, so done strips do not pile up
    };
    for (const region of strips(layout.bounds, scale)) {
      const strip = this.strip(layoutToSvg(board.title, layout, svg, icons, region), scale, transparent);
      strip.catch(() => undefined); // awaited in writeNext; one failing after an earlier failure is not left unhandled
      pending.push(strip);
      if (pending.length > ahead) await writeNext();
    }
    while (pending.length > 0) await writeNext();
    await written;
    return png.finish();
  }

  private strip(svg: string, scale: number, transparent: boolean): Promise<StripRows> {
    const { workerFile, fonts } = this.options;
    if (!workerFile || !existsSync(workerFile)) return Promise.resolve(renderStrip(svg, scale, fonts, transparent));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, svg, scale, transparent }, resolve, reject });
      this.pump(workerFile);
    });
  }

  private pump(file: string): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers < this.options.threads ? this.start(file) : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage(job.job);
    }
  }

  private start(file: string): Worker {
    const worker = new Worker(file, { workerData: { fonts: this.options.fonts } });
    this.workers++;
    worker.unref();
    worker.on('message', (result: StripResult) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (job) {
        if ('rows' in result) job.resolve(result);
        else job.reject(new Error(result.error));
      }
      this.pump(file);
    });
    const fail = (reason: string) => {
      if (!this.busy.has(worker) && !this.idle.includes(worker)) return;
      this.workers--;
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const idleAt = this.idle.indexOf(worker);
      if (idleAt >= 0) this.idle.splice(idleAt, 1);
      this.options.log.error({ reason }, 'a PNG worker stopped');
      job?.reject(new Error(`PNG worker stopped: ${reason}`));
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exit ${code}`));
    return worker;
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }
}
