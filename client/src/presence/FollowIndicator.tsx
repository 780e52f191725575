import type { CSSProperties } from 'react';
import { useFollowing, useFollowStore } from './FollowContext';
import type { Person } from './PeersStore';
import './follow.css';

/**
 * While this page follows someone: a frame around the canvas in their colour and a chip
 * saying whom, with the way out (the Stop button, Escape, or any pan or zoom).
 */
export function FollowIndicator({ people }: { people: Person[] }) {
  const follow = useFollowStore();
  const following = useFollowing(follow);
  const person = people.find((p) => p.clientId === following);
  if (!follow || !person) return null;
  return (
    <div
      className="follow-frame"
      style={{ '--follow-color': person.color } as CSSProperties}
      data-testid="follow-frame"
      data-following={person.clientId}
    >
      <div className="follow-chip" role="status" data-testid="following-chip">
        <span className="follow-chip__dot" aria-hidden="true" />
        <span className="follow-chip__text">
          Following <strong>{person.name}</strong>
        </span>
        <span className="follow-chip__hint">Esc or pan to stop</span>
        <button
          type="button"
          className="follow-chip__stop"
          onClick={() => follow.stop()}
          title={`Stop following ${person.name}`}
          data-testid="stop-following"
        >
          Stop
        </button>
      </div>
    </div>
  );
}
