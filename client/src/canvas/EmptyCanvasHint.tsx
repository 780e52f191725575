import { isNarrowScreen } from '../chrome/narrowScreen';

/**
 * What an empty board says, so a first-time user knows where to start (on a phone, where the
 * palette waits behind the Add button, that button). Never blocks the pointer. `seeing`: the
 * live board for someone who edits it or only views it, or another one on screen (a version,
 * a point of a replay).
 */
export function EmptyCanvasHint({ seeing }: { seeing: 'edit' | 'view' | 'preview' }) {
  return (
    <div className="empty-canvas-hint" data-testid="empty-canvas-hint">
      <svg width="56" height="56" viewBox="0 0 56 56" aria-hidden="true">
        <rect x="6" y="10" width="18" height="14" rx="3" />
        <rect x="32" y="32" width="18" height="14" rx="3" />
        <path d="M24 17h6a5 5 0 0 1 5 5v10" />
      </svg>
      {seeing === 'preview' ? (
        <>
          <strong>Nothing on the board yet</strong>
          <span>At this point the board was empty.</span>
        </>
      ) : seeing === 'view' ? (
        <>
          <strong>Nothing here yet</strong>
          <span>Components appear as soon as someone with edit access adds them.</span>
        </>
      ) : (
        <>
          <strong>Start your architecture</strong>
          <span>
            {isNarrowScreen()
              ? 'Tap + below to add components, then connect them by dragging from a handle onto another component.'
              : 'Drag components from the left onto the canvas, then connect them by dragging from a handle onto another component. Double-click anywhere to write text.'}
          </span>
        </>
      )}
    </div>
  );
}
