import type { ReactNode } from 'react';

/** A header button that opens and closes one of the panels beside the board. */
export function PanelToggle({
  open,
  onToggle,
  testId,
  title,
  children,
}: {
  open: boolean;
  onToggle(): void;
  testId: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`button button--ghost${open ? ' is-active' : ''}`}
      onClick={onToggle}
      aria-pressed={open}
      data-testid={testId}
      {...(title ? { title } : {})}
    >
      {children}
    </button>
  );
}
