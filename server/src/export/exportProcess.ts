// The export process: a child of the server that draws every export (ExportRenderer sends
// it the board's updates). Reading a big board, laying it out and rasterising it take CPU
// for up to seconds, and resvg aborts the process it runs in on some inputs: here, neither
// reaches the event loop that serves the rooms, and a crash costs one export (the server
// answers 500 and starts a new process for the next).
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { iconFiles } from './iconFiles';
import { fontFiles } from './renderPng';
import { renderExport, type ExportRequest, type ExportResult } from './renderExport';
import { StripRenderer } from './StripRenderer';

export type ExportJob = ExportRequest & { id: number };
export type ExportReply = { id: number; result: ExportResult } | { id: number; error: string };

const here = dirname(fileURLToPath(import.meta.url));
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, role: 'export' } });
const icons = iconFiles(process.env.ARCHBOARD_AWS_ICONS ?? '');
const strips = new StripRenderer({
  workerFile: join(here, 'pngWorker.js'),
  threads: Math.max(1, Math.min(2, availableParallelism())),
  fonts: fontFiles(),
  log,
});

process.on('message', (job: ExportJob) => {
  renderExport(job, icons, strips).then(
    (result) => process.send!({ id: job.id, result } satisfies ExportReply),
    (e: unknown) => {
      log.error({ err: e, format: job.format }, 'an export failed');
      process.send!({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies ExportReply);
    },
  );
});
process.on('disconnect', () => process.exit(0)); // the server went away
