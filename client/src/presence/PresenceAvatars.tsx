import { initials, type LocalUser } from './localUser';
import type { Person } from './PeersStore';
import { PeerAvatar } from './PeerAvatar';
import { SummonButton } from './SummonButton';

const MAX_SHOWN = 5;

/**
 * Everyone on the board as coloured initials; this user last, marked "you". With
 * `onEditMe`, this user's avatar is a button that opens their name and colour. On a board
 * page, another person's avatar follows them, and "bring everyone to me" sits at the end.
 */
export function PresenceAvatars({
  people,
  me,
  onEditMe,
}: {
  people: Person[];
  me: LocalUser;
  onEditMe?: (() => void) | undefined;
}) {
  const shown = people.slice(0, MAX_SHOWN);
  const hidden = people.length - shown.length;
  return (
    <div className="presence-avatars" data-testid="presence-avatars" data-count={people.length}>
      {shown.map((person) => (
        <PeerAvatar key={person.clientId} person={person} />
      ))}
      {hidden > 0 && (
        <span
          className="avatar avatar--more"
          title={people
            .slice(MAX_SHOWN)
            .map((p) => p.name)
            .join(', ')}
        >
          +{hidden}
        </span>
      )}
      {onEditMe ? (
        <button
          type="button"
          className="avatar avatar--me"
          style={{ background: me.color }}
          title={`${me.name} (you): change your name and colour`}
          aria-label={`${me.name} (you): change your name and colour`}
          data-testid="me-avatar"
          onClick={onEditMe}
        >
          {initials(me.name)}
        </button>
      ) : (
        <span className="avatar avatar--me" style={{ background: me.color }} title={`${me.name} (you)`}>
          {initials(me.name)}
        </span>
      )}
      {people.length > 0 && <SummonButton />}
    </div>
  );
}
