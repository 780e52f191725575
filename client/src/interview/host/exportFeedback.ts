import { exportFileName, feedbackMarkdown, type Board, type HostNotes, type Session } from '@archboard/shared';
import { download } from '../../export/download';
import { exportBoard } from '../../export/exportBoard';
import type { BoardSession } from '../../sync/BoardSession';
import { serverNow } from './serverClock';

const dataUrl = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('could not read the PNG'));
    reader.readAsDataURL(blob);
  });

/**
 * Downloads the interview's feedback as one Markdown file. The diagram is the Export
 * menu's PNG (light, solid, 2x), embedded as a data URL: the file stands alone, needs no
 * link that works only while the board exists, and hands no one a way into the board.
 */
export async function exportFeedback(
  session: BoardSession,
  board: Board,
  host: HostNotes,
  interview: Session | undefined,
): Promise<void> {
  const [png] = await exportBoard(board, {
    format: 'png',
    scale: 2,
    image: { theme: 'light', background: 'solid' },
    boardId: session.boardId,
    token: session.token,
    viewToken: undefined,
  });
  if (!png) throw new Error('the diagram gave no image');
  const markdown = feedbackMarkdown({
    board,
    host,
    session: interview,
    now: await serverNow(session),
    diagramUrl: await dataUrl(png.blob),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  const title = board.title.trim() || 'Interview';
  download(new Blob([markdown], { type: 'text/markdown' }), exportFileName(`${title} feedback`, 'md'));
}
