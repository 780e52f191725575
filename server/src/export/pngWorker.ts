// A PNG worker thread: rasterising strips of a large diagram takes CPU for up to seconds,
// so it runs here and the server's event loop keeps serving rooms meanwhile (PngRenderer).
import { parentPort, workerData } from 'node:worker_threads';
import { renderStrip, type StripRows } from './renderPng';

export interface StripJob {
  id: number;
  svg: string;
  scale: number;
  transparent: boolean;
}

export type StripResult = ({ id: number } & StripRows) | { id: number; error: string };

const fonts = (workerData as { fonts: string[] }).fonts;
parentPort!.on('message', (job: StripJob) => {
  let result: StripResult;
  try {
    result = { id: job.id, ...renderStrip(job.svg, job.scale, fonts, job.transparent) };
  } catch (e) {
    result = { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(result, 'rows' in result ? [result.rows.buffer as ArrayBuffer] : []);
});
