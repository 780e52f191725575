import type { ReactNode } from 'react';
import { usePopover } from '../toolbar/usePopover';

/**
 * A button of the host's bar that opens a form under it ("Edit phases", "Set the problem"):
 * `onOpen` fills the form's draft as it opens; the form gets `close`. Outside presses and
 * Escape close it too.
 */
export function BarPopover({
  label,
  testId,
  onOpen,
  children,
}: {
  label: string;
  testId: string;
  onOpen(): void;
  children(close: () => void): ReactNode;
}) {
  const { open, setOpen, root } = usePopover<HTMLDivElement>();
  return (
    <div className="phase-editor" ref={root}>
      <button
        type="button"
        className={`button button--small button--ghost${open ? ' is-active' : ''}`}
        aria-expanded={open}
        onClick={() => {
          if (!open) onOpen();
          setOpen(!open);
        }}
        data-testid={testId}
      >
        {label}
      </button>
      {open && children(() => setOpen(false))}
    </div>
  );
}
