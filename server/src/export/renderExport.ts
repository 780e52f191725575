import * as Y from 'yjs';
import {
  diagramLayout,
  exportFileName,
  readBoard,
  toExportJson,
  toMarkdown,
  toSvg,
  type IconSource,
  type SvgOptions,
} from '@archboard/shared';
import type { StripRenderer } from './StripRenderer';

export const EXPORT_TYPES = {
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
  md: 'text/markdown; charset=utf-8',
} as const;
export type ExportFormat = keyof typeof EXPORT_TYPES;

export interface ExportRequest {
  format: ExportFormat;
  /** The board as Yjs updates (see BoardReader.updates). */
  updates: Uint8Array[];
  image: SvgOptions;
  scale: number;
  /** Markdown: where its diagram image is. */
  diagramUrl: string;
  /** PNG: larger pictures are refused. */
  maxPixels: number;
}

export type ExportResult = { ok: true; body: Uint8Array; fileName: string } | { ok: false; status: 413; error: string };

const text = (s: string) => new TextEncoder().encode(s);

/**
 * One export of a board from its updates: read with `readBoard`, drawn by shared's pure
 * functions, PNGs through the strip renderer. Runs in the export process (or in-process
 * in tests from source).
 */
export async function renderExport(
  request: ExportRequest,
  icons: IconSource,
  strips: StripRenderer,
): Promise<ExportResult> {
  const doc = new Y.Doc();
  let board;
  try {
    doc.transact(() => request.updates.forEach((u) => Y.applyUpdate(doc, u)));
    board = readBoard(doc);
  } finally {
    doc.destroy();
  }
  const fileName = exportFileName(board.title, request.format);
  switch (request.format) {
    case 'json':
      return { ok: true, body: text(toExportJson(board)), fileName };
    case 'svg':
      return { ok: true, body: text(toSvg(board, request.image, icons)), fileName };
    case 'md':
      return { ok: true, body: text(toMarkdown(board, { diagramUrl: request.diagramUrl })), fileName };
    case 'png': {
      const { w, h } = diagramLayout(board).bounds;
      const pixels = w * h * request.scale ** 2;
      if (pixels > request.maxPixels) {
        const mp = (n: number) => (n / 1e6).toFixed(0);
        return {
          ok: false,
          status: 413,
          error: `the diagram is ${w}×${h} px; at scale ${request.scale} that is ${mp(pixels)} megapixels, more than this server renders (${mp(request.maxPixels)}, EXPORT_MAX_PIXELS): use a smaller scale`,
        };
      }
      return { ok: true, body: await strips.render(board, request.image, request.scale, icons), fileName };
    }
  }
}
