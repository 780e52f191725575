import { initials, type LocalUser } from './localUser';
import type { Person } from './PeersStore';

const MAX_SHOWN = 5;

/** Everyone on the board as coloured initials; this user last, marked "you". */
export function PresenceAvatars({ people, me }: { people: Person[]; me: LocalUser }) {
  const shown = people.slice(0, MAX_SHOWN);
  const hidden = people.length - shown.length;
  return (
    <div className="presence-avatars" data-testid="presence-avatars" data-count={people.length}>
      {shown.map((person) => (
        <span key={person.clientId} className="avatar" style={{ background: person.color }} title={person.name}>
          {initials(person.name)}
        </span>
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
      <span className="avatar avatar--me" style={{ background: me.color }} title={`${me.name} (you)`}>
        {initials(me.name)}
      </span>
    </div>
  );
}
