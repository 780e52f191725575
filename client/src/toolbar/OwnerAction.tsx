import { useState, type ReactNode } from 'react';

/**
 * One of the owner's actions in the Share menu that cannot be taken back (reset links,
 * delete the board): a button with a line of why, then a confirmation that says what will
 * happen, with the error of a failed attempt. `run` resolves when done; a rejection shows
 * its message and leaves the confirmation open.
 */
export function OwnerAction({
  id,
  label,
  why,
  question,
  consequence,
  failure,
  running,
  run,
}: {
  /** Test ids: `share-<id>` and `share-<id>-confirm`. */
  id: string;
  label: string;
  why: string;
  question: string;
  consequence: ReactNode;
  /** "Could not … ": what failed, before the error's message. */
  failure: string;
  /** The confirm button's label while running. */
  running: string;
  run(): Promise<void>;
}) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'running'>('idle');
  const [error, setError] = useState<string | null>(null);
  const go = () => {
    setStep('running');
    setError(null);
    run().catch((e: unknown) => {
      setError(e instanceof Error ? e.message : String(e));
      setStep('confirm');
    });
  };
  if (step === 'idle') {
    return (
      <div className="share-reset">
        <button
          type="button"
          className="button button--small button--ghost"
          data-testid={`share-${id}`}
          onClick={() => setStep('confirm')}
        >
          {label}…
        </button>
        <span>{why}</span>
      </div>
    );
  }
  return (
    <div className="share-reset share-reset--confirm" role="alertdialog" aria-label={label}>
      <p>
        <strong>{question}</strong> {consequence}
      </p>
      {error && (
        <p className="menu-error" role="alert">
          {failure}: {error}
        </p>
      )}
      <div className="share-reset__actions">
        <button
          type="button"
          className="button button--small"
          disabled={step === 'running'}
          onClick={() => setStep('idle')}
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={step === 'running'}
          data-testid={`share-${id}-confirm`}
          onClick={go}
        >
          {step === 'running' ? running : label}
        </button>
      </div>
    </div>
  );
}
