import { useState } from 'react';
import { forgetBoard } from '../recentBoards';
import { navigate } from '../router';
import { deleteBoard } from './linksApi';

/**
 * The owner's "Delete board…" in the Share menu: after a confirmation the board and its
 * history are deleted for everyone (open tabs see "This board was deleted"), this browser
 * forgets it and its offline copy, and the page goes to the start page.
 */
export function DeleteBoard({ boardId, ownerToken }: { boardId: string; ownerToken: string }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'deleting'>('idle');
  const [error, setError] = useState<string | null>(null);
  const remove = () => {
    setStep('deleting');
    setError(null);
    deleteBoard(boardId, ownerToken).then(
      () => {
        forgetBoard(boardId);
        navigate('/');
        // The session closes its IndexedDB copy as the page leaves; the delete waits for that.
        indexedDB.deleteDatabase(`archboard:${boardId}`);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setStep('confirm');
      },
    );
  };
  if (step === 'idle') {
    return (
      <div className="share-reset">
        <button
          type="button"
          className="button button--small button--ghost"
          data-testid="share-delete"
          onClick={() => setStep('confirm')}
        >
          Delete board…
        </button>
        <span>For everyone, with its history.</span>
      </div>
    );
  }
  return (
    <div className="share-reset share-reset--confirm" role="alertdialog" aria-label="Delete board">
      <p>
        <strong>Delete this board for everyone?</strong> The board and its version history are removed from the server,
        and every link to it stops working. This cannot be undone.
      </p>
      {error && (
        <p className="menu-error" role="alert">
          Could not delete the board: {error}
        </p>
      )}
      <div className="share-reset__actions">
        <button
          type="button"
          className="button button--small"
          disabled={step === 'deleting'}
          onClick={() => setStep('idle')}
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={step === 'deleting'}
          data-testid="share-delete-confirm"
          onClick={remove}
        >
          {step === 'deleting' ? 'Deleting…' : 'Delete board'}
        </button>
      </div>
    </div>
  );
}
