import { useState } from 'react';
import type { ConnectionStore } from '../sync/ConnectionStore';
import { resetLinks } from './linksApi';
import { adoptNewLinks } from './shareTokens';

/**
 * The owner's "Reset links…" in the Share menu: after a confirmation, every link of the
 * board handed out so far stops working (open tabs are disconnected), and this page moves
 * to the new owner link and shows the new links to share.
 */
export function ResetLinks({
  boardId,
  ownerToken,
  connection,
}: {
  boardId: string;
  ownerToken: string;
  connection: Pick<ConnectionStore, 'expectLinkReset'>;
}) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'resetting'>('idle');
  const [error, setError] = useState<string | null>(null);
  const reset = () => {
    setStep('resetting');
    setError(null);
    connection.expectLinkReset(true); // this page's socket is closed 4410 too: it moves to the new link
    resetLinks(boardId, ownerToken).then(
      (links) => adoptNewLinks(boardId, links),
      (e: unknown) => {
        console.warn(`archboard: resetting the links of board ${boardId} failed`, e);
        connection.expectLinkReset(false);
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
          data-testid="share-reset"
          onClick={() => setStep('confirm')}
        >
          Reset links…
        </button>
        <span>If a link reached the wrong people.</span>
      </div>
    );
  }
  return (
    <div className="share-reset share-reset--confirm" role="alertdialog" aria-label="Reset links">
      <p>
        <strong>Reset every link of this board?</strong> The owner, edit and view links handed out so far stop working,
        and everyone using them is disconnected. You get new links to share.
      </p>
      {error && (
        <p className="menu-error" role="alert">
          Could not reset the links: {error}
        </p>
      )}
      <div className="share-reset__actions">
        <button
          type="button"
          className="button button--small"
          disabled={step === 'resetting'}
          onClick={() => setStep('idle')}
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={step === 'resetting'}
          data-testid="share-reset-confirm"
          onClick={reset}
        >
          {step === 'resetting' ? 'Resetting…' : 'Reset links'}
        </button>
      </div>
    </div>
  );
}
