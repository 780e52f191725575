import {
  diagramLayout,
  exportFileName,
  toExportJson,
  toMarkdown,
  toSvg,
  type Board,
  type SvgOptions,
} from '@archboard/shared';
import { signInHeaders } from '../auth/signIn';
import { iconsFor } from './icons';
import { fitsCanvas, svgToPng } from './rasterize';

export type ExportFormat = 'json' | 'svg' | 'png' | 'md';

export interface ExportRequest {
  format: ExportFormat;
  scale: 1 | 2 | 4;
  image: SvgOptions;
  boardId: string;
  /** Any token of the board: the server renders PNGs too big for a canvas. */
  token: string;
  /** A view token, for the live diagram link in a Markdown doc; without one the doc links a PNG file beside it. */
  viewToken: string | undefined;
}

export interface ExportFile {
  blob: Blob;
  name: string;
}

const serverUrl = (r: ExportRequest, format: 'png', token: string) =>
  `/api/boards/${encodeURIComponent(r.boardId)}/export.${format}?${new URLSearchParams({
    scale: String(r.scale),
    theme: r.image.theme,
    background: r.image.background,
    token,
  })}`;

async function png(board: Board, r: ExportRequest): Promise<Blob> {
  const { w, h } = diagramLayout(board).bounds;
  if (fitsCanvas(w, h, r.scale)) return svgToPng(toSvg(board, r.image, await iconsFor(board)), w, h, r.scale);
  const response = await fetch(serverUrl(r, 'png', r.token), { headers: signInHeaders() });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `the server could not render it (HTTP ${response.status})`);
  }
  return response.blob();
}

/**
 * One export of the board as a file named after its title: drawn from the board by the
 * same shared functions as the server's and the command line's exports.
 */
export async function exportBoard(board: Board, r: ExportRequest): Promise<ExportFile[]> {
  const name = (ext: string) => exportFileName(board.title, ext);
  switch (r.format) {
    case 'json':
      return [{ blob: new Blob([toExportJson(board)], { type: 'application/json' }), name: name('json') }];
    case 'svg':
      return [
        {
          blob: new Blob([toSvg(board, r.image, await iconsFor(board))], { type: 'image/svg+xml' }),
          name: name('svg'),
        },
      ];
    case 'png':
      return [{ blob: await png(board, r), name: name('png') }];
    case 'md': {
      if (r.viewToken) {
        const live = `${location.origin}${serverUrl({ ...r, scale: 2 }, 'png', r.viewToken)}`;
        return [
          { blob: new Blob([toMarkdown(board, { diagramUrl: live })], { type: 'text/markdown' }), name: name('md') },
        ];
      }
      const image = name('png');
      const doc = new Blob([toMarkdown(board, { diagramUrl: image })], { type: 'text/markdown' });
      return [
        { blob: doc, name: name('md') },
        { blob: await png(board, { ...r, scale: 2 }), name: image },
      ];
    }
  }
}
