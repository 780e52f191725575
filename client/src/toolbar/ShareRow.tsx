import { useState, type ReactNode } from 'react';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    // No clipboard in insecure or headless contexts: the link stays visible to copy by hand.
    console.info('archboard: clipboard unavailable, showing the link instead', error);
    return false;
  }
}

/** One link of the Share menu: what it allows, the link itself, and a copy button. */
export function ShareRow(props: {
  kind: 'owner' | 'edit' | 'view';
  link: string | undefined;
  title: string;
  text: string;
  /** Said instead of `text` while there is no link. */
  missing: string;
  /** Controls shown under the text (the view link's lifetime). */
  extra?: ReactNode;
  /** A line under the link (when it expires). */
  note?: string;
}) {
  const { kind, link } = props;
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <div className="share-row">
      <div className="share-row__text">
        <strong>{props.title}</strong>
        <span>{link ? props.text : props.missing}</span>
      </div>
      {props.extra}
      <div className="share-row__controls">
        <input
          readOnly
          value={link ?? ''}
          placeholder="Not available"
          data-testid={`share-${kind}-url`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          className="button button--small"
          disabled={!link}
          data-testid={`share-${kind}-link`}
          data-link={link}
          onClick={async () => {
            if (link) setCopied((await copy(link)) ? 'yes' : 'no');
          }}
        >
          {copied === 'yes' ? 'Copied' : 'Copy link'}
        </button>
      </div>
      {props.note && link && <small className="share-row__expiry">{props.note}</small>}
      {copied === 'no' && <small className="share-row__note">Copy the link above by hand.</small>}
    </div>
  );
}
