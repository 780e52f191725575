import type { CSSProperties } from 'react';
import { useFollowing, useFollowStore } from './FollowContext';
import { initials } from './localUser';
import type { Person } from './PeersStore';
import './follow.css';

/**
 * Another person's avatar. On a board page it is a button that follows them, or stops
 * following them when pressed again; ringed in their colour while followed.
 */
export function PeerAvatar({ person }: { person: Person }) {
  const follow = useFollowStore();
  const followed = useFollowing(follow) === person.clientId;
  if (!follow)
    return (
      <span className="avatar" style={{ background: person.color }} title={person.name}>
        {initials(person.name)}
      </span>
    );
  return (
    <button
      type="button"
      className={`avatar avatar--peer${followed ? ' is-followed' : ''}`}
      style={{ background: person.color, '--peer-color': person.color } as CSSProperties}
      title={person.name}
      aria-label={followed ? `Stop following ${person.name}` : `Follow ${person.name}`}
      aria-pressed={followed}
      data-testid="peer-avatar"
      data-client-id={person.clientId}
      onClick={() => follow.toggle(person.clientId)}
    >
      {initials(person.name)}
    </button>
  );
}
