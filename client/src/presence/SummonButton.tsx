import { useContext, useEffect, useState } from 'react';
import { useStoreApi } from '@xyflow/react';
import { SessionContext } from '../sync/SessionContext';
import { useFollowStore } from './FollowContext';
import { canSummon, publishedViewport } from './followState';
import './follow.css';

/** How long the button shows that the summon went out. */
const SENT_MS = 1500;

/** A person with arrows coming in from both sides: everyone, over here. */
const GatherIcon = () => (
  <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
    <g fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
      <circle cx="10" cy="6.6" r="2.5" />
      <path d="M5.8 15.5c0-2.5 1.9-4.2 4.2-4.2s4.2 1.7 4.2 4.2" />
      <path d="M1.2 10h3M3 8.2 4.8 10 3 11.8" />
      <path d="M18.8 10h-3M17 8.2 15.2 10l1.8 1.8" />
    </g>
  </svg>
);

/**
 * "Bring everyone to me": once, every other page on the board glides to what this page
 * shows (FollowStore.summon). For those who may summon (canSummon).
 */
export function SummonButton() {
  const session = useContext(SessionContext);
  const follow = useFollowStore();
  const store = useStoreApi();
  const [sent, setSent] = useState(false);
  useEffect(() => {
    if (!sent) return;
    const timer = setTimeout(() => setSent(false), SENT_MS);
    return () => clearTimeout(timer);
  }, [sent]);
  if (!follow || !session || !canSummon(session.role)) return null;

  const summon = () => {
    const { transform, width, height } = store.getState();
    const viewport = publishedViewport(transform, width, height);
    if (!viewport) return;
    follow.summon(viewport);
    setSent(true);
  };
  const label = sent
    ? 'Everyone is on their way to your view'
    : 'Bring everyone to me: move every other page to your view';
  return (
    <button
      type="button"
      className={`icon-button summon-button${sent ? ' is-sent' : ''}`}
      onClick={summon}
      title={label}
      aria-label="Bring everyone to me"
      data-testid="summon-everyone"
    >
      <GatherIcon />
    </button>
  );
}
