import { memo, type CSSProperties } from 'react';
import { useInternalNode, ViewportPortal } from '@xyflow/react';
import type { Board } from '@archboard/shared';
import { personKey, type Author, type ReplayTimeline } from './ReplayTimeline';

/**
 * Authorship on the replayed board: each node framed in the presence colour of whoever
 * first added it, with their initial as a badge, and a second badge for whoever changed it
 * last when that is someone else. Drawn in React Flow's viewport portal
 * (it pans and zooms with the nodes) over the nodes as React Flow placed and measured
 * them, so no node component needs to know about replay.
 */
export function ReplayAuthorMarks(props: { board: Board; timeline: ReplayTimeline; position: number }) {
  const { board, timeline, position } = props;
  return (
    <ViewportPortal>
      {board.nodes.map((node) => {
        const author = timeline.creatorOf(node.id);
        const changed = timeline.lastChangeOf(node.id, position);
        const other = author && changed && personKey(changed) !== personKey(author) ? changed : undefined;
        return author ? <AuthorMark key={node.id} id={node.id} author={author} changedBy={other} /> : null;
      })}
    </ViewportPortal>
  );
}

interface AuthorMarkProps {
  id: string;
  author: Author;
  /** Who changed the node last, when not its author. */
  changedBy: Author | undefined;
}

const AuthorMark = memo(function AuthorMark({ id, author, changedBy }: AuthorMarkProps) {
  const node = useInternalNode(id);
  const width = node?.measured.width;
  const height = node?.measured.height;
  if (!node || !width || !height) return null;
  const { x, y } = node.internals.positionAbsolute;
  const style = {
    '--author': author.color,
    transform: `translate(${x}px, ${y}px)`,
    width,
    height,
  } as CSSProperties;
  return (
    <div
      className="replay-author"
      style={style}
      title={`Added by ${author.name}${changedBy ? `, last changed by ${changedBy.name}` : ''}`}
      data-testid="replay-author"
      data-node-id={id}
      data-color={author.color}
      data-changed-by={changedBy?.color}
    >
      <span className="replay-author__badge" aria-hidden="true">
        {initial(author.name)}
      </span>
      {changedBy && (
        <span
          className="replay-author__badge replay-author__badge--changed"
          style={{ '--author': changedBy.color } as CSSProperties}
          aria-hidden="true"
        >
          {initial(changedBy.name)}
        </span>
      )}
    </div>
  );
});

const initial = (name: string): string => [...name.trim()][0]?.toUpperCase() ?? '?';

/** Who added what, in their colours: everyone who made a step, with how many of the nodes shown they added. */
export function ReplayLegend({ board, timeline }: { board: Board; timeline: ReplayTimeline }) {
  const counts = new Map<string, number>();
  let unknown = 0;
  for (const node of board.nodes) {
    const author = timeline.creatorOf(node.id);
    if (author) counts.set(personKey(author), (counts.get(personKey(author)) ?? 0) + 1);
    else unknown++;
  }
  const people = timeline.authors();
  return (
    <section className="replay-legend" data-testid="replay-legend" aria-label="Who added what">
      <h3>Added by</h3>
      {people.length === 0 && <p>Nobody has changed the board yet.</p>}
      <ul>
        {people.map((person) => (
          <li key={personKey(person)} data-testid="replay-legend-person" data-color={person.color}>
            <span className="replay-legend__swatch" style={{ '--author': person.color } as CSSProperties} />
            <span className="replay-legend__name">{person.name}</span>
            <span className="replay-legend__count">{counts.get(personKey(person)) ?? 0}</span>
          </li>
        ))}
        {unknown > 0 && (
          <li className="replay-legend__unknown">
            <span className="replay-legend__swatch" />
            <span className="replay-legend__name">Unknown</span>
            <span className="replay-legend__count">{unknown}</span>
          </li>
        )}
      </ul>
      {people.length > 1 && <p className="replay-legend__hint">Second initial: last changed by.</p>}
    </section>
  );
}
