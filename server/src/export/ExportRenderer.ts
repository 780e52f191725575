import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { IconSource } from '@archboard/shared';
import type { ExportJob, ExportReply } from './exportProcess';
import { fontFiles } from './renderPng';
import { renderExport, type ExportRequest, type ExportResult } from './renderExport';
import { StripRenderer } from './StripRenderer';

/** More exports are under way than the server takes on at once. */
export class RendererBusyError extends Error {
  override name = 'RendererBusyError';
}

export interface ExportRendererOptions {
  /** The built export process (dist/exportProcess.js); without it exports render in this process (tests from source). */
  processFile: string | undefined;
  /** Where the export process finds the official icons. */
  awsIconsDir: string;
  /** Used only when rendering in this process. */
  icons: IconSource;
  /** Exports under way, at most; more are refused with RendererBusyError. */
  maxExports: number;
  log: Logger;
}

interface Pending {
  resolve(result: ExportResult): void;
  reject(e: Error): void;
}

/**
 * Every export is drawn in a child process (dist/exportProcess.js), so that neither its
 * CPU nor a crash of the rasteriser can reach the server's event loop or its rooms: this
 * side only hands over the board's updates. The child starts with the first export and
 * again after it dies.
 */
export class ExportRenderer {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private inProcess: StripRenderer | undefined;

  constructor(private readonly options: ExportRendererOptions) {}

  async render(request: ExportRequest): Promise<ExportResult> {
    if (this.pending.size >= this.options.maxExports) throw new RendererBusyError(`${this.pending.size} under way`);
    const { processFile } = this.options;
    if (!processFile || !existsSync(processFile)) {
      this.inProcess ??= new StripRenderer({
        workerFile: undefined,
        threads: 1,
        fonts: fontFiles(),
        log: this.options.log,
      });
      return renderExport(request, this.options.icons, this.inProcess);
    }
    const child = this.child ?? this.start(processFile);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ ...request, id } satisfies ExportJob);
    });
  }

  private start(file: string): ChildProcess {
    const child = fork(file, [], {
      serialization: 'advanced',
      env: { ...process.env, ARCHBOARD_AWS_ICONS: this.options.awsIconsDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: ExportReply) => {
      const job = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!job) return;
      if ('result' in message) job.resolve(message.result);
      else job.reject(new Error(message.error));
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.pending.size === 0) return;
      this.options.log.error({ code, signal, jobs: this.pending.size }, 'the export process died; failing its exports');
      for (const job of this.pending.values()) job.reject(new Error('the export renderer crashed on this board'));
      this.pending.clear();
    });
    child.on('error', (e) => this.options.log.error({ err: e }, 'export process error'));
    this.child = child;
    return child;
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
