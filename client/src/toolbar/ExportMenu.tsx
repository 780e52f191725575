import { useState, type ChangeEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Board, ImportError, ThemeName } from '@archboard/shared';
import { download } from '../export/download';
import { exportBoard, type ExportFormat } from '../export/exportBoard';
import { FIT_VIEW } from '../canvas/fitView';
import { importIntoBoard } from '../export/importFile';
import type { BoardSession } from '../sync/BoardSession';
import { ImportErrorDialog } from './ImportErrorDialog';
import { usePopover } from './usePopover';

interface ExportMenuProps {
  session: BoardSession;
  /** The version from history on screen, exported instead of the live board. */
  preview: Board | undefined;
  viewToken: string | undefined;
  /** Off while a version from history is on screen. */
  canImport: boolean;
}

const ITEMS: { format: ExportFormat; testId: string; title: string; text: string }[] = [
  { format: 'png', testId: 'export-png', title: 'PNG image', text: 'For slides, docs and chat' },
  { format: 'svg', testId: 'export-svg', title: 'SVG image', text: 'Sharp at any size, editable in design tools' },
  {
    format: 'md',
    testId: 'export-markdown',
    title: 'Markdown design doc',
    text: 'Questions, answers, components, diagram',
  },
  { format: 'json', testId: 'export-json', title: 'JSON', text: 'The whole board, to import again or script' },
];

function Segmented<T extends string | number>(props: {
  label: string;
  name: string;
  options: { value: T; text: string }[];
  value: T;
  onChange(value: T): void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={props.label}>
      <span className="segmented__label">{props.label}</span>
      {props.options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === props.value}
          className={o.value === props.value ? 'is-active' : undefined}
          data-testid={`export-${props.name}-${o.value}`}
          onClick={() => props.onChange(o.value)}
        >
          {o.text}
        </button>
      ))}
    </div>
  );
}

/**
 * The Export menu: PNG, SVG, Markdown and JSON of the whole board (whatever the viewport
 * shows), image options, and importing a JSON export into this board.
 */
export function ExportMenu({ session, preview, viewToken, canImport }: ExportMenuProps) {
  const { open, setOpen, root } = usePopover<HTMLDivElement>();
  const [scale, setScale] = useState<1 | 2 | 4>(2);
  const [theme, setTheme] = useState<ThemeName>('light');
  const [background, setBackground] = useState<'solid' | 'transparent'>('solid');
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [importError, setImportError] = useState<ImportError | null>(null);
  const { fitView } = useReactFlow();

  const run = async (format: ExportFormat) => {
    setBusy(format);
    setFailure(null);
    try {
      // The board as it is now (read at the click: the menu does not re-render while people draw).
      const files = await exportBoard(preview ?? session.board.getSnapshot(), {
        format,
        scale,
        image: { theme, background },
        boardId: session.boardId,
        token: session.token,
        viewToken,
      });
      files.forEach((f) => download(f.blob, f.name));
      setOpen(false);
    } catch (e) {
      setFailure(`The export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // picking the same file again is a new import
    if (!file) return;
    const outcome = importIntoBoard(session, session.board.getSnapshot(), await file.text());
    if (!outcome.ok) return setImportError(outcome.error);
    setOpen(false);
    // Show what arrived: the imported set lands beside what was there.
    requestAnimationFrame(() => void fitView({ ...FIT_VIEW, duration: 300 }));
  };

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        className={`button button--ghost${open ? ' is-active' : ''}`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="export-menu"
      >
        Export
      </button>
      {open && (
        <div className="menu-popover export-menu__popover" role="menu" aria-label="Export this board">
          <div className="export-options">
            <Segmented<1 | 2 | 4>
              label="Scale"
              name="scale"
              value={scale}
              onChange={setScale}
              options={[
                { value: 1, text: '1×' },
                { value: 2, text: '2×' },
                { value: 4, text: '4×' },
              ]}
            />
            <Segmented<ThemeName>
              label="Theme"
              name="theme"
              value={theme}
              onChange={setTheme}
              options={[
                { value: 'light', text: 'Light' },
                { value: 'dark', text: 'Dark' },
              ]}
            />
            <Segmented<'solid' | 'transparent'>
              label="Background"
              name="background"
              value={background}
              onChange={setBackground}
              options={[
                { value: 'solid', text: 'Solid' },
                { value: 'transparent', text: 'None' },
              ]}
            />
          </div>
          {ITEMS.map((item) => (
            <button
              key={item.format}
              type="button"
              role="menuitem"
              className="menu-item"
              disabled={busy !== null}
              data-testid={item.testId}
              onClick={() => void run(item.format)}
            >
              <strong>{busy === item.format ? 'Exporting…' : item.title}</strong>
              <span>{item.text}</span>
            </button>
          ))}
          {failure && (
            <p className="menu-error" role="alert">
              {failure}
            </p>
          )}
          {!session.readOnly && canImport && (
            <label className="menu-item menu-item--file" role="menuitem">
              <strong>Import JSON…</strong>
              <span>Add an exported board beside this diagram</span>
              <input type="file" accept=".json,application/json" data-testid="import-json" onChange={onImport} />
            </label>
          )}
        </div>
      )}
      {importError && <ImportErrorDialog error={importError} onClose={() => setImportError(null)} />}
    </div>
  );
}
