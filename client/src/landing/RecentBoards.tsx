import { boardPath, followLink } from '../router';
import { forgetBoard, useRecentBoards, type RecentBoard } from '../recentBoards';

const timeAgo = (at: number): string => {
  const minutes = Math.round((Date.now() - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
};

function RecentBoardCard({ board }: { board: RecentBoard }) {
  const token = board.ownerToken ?? board.editToken ?? board.viewToken;
  if (!token) return null;
  const role = board.ownerToken ? 'owner' : board.editToken ? 'edit' : 'view';
  const title = board.title || 'Untitled board';
  return (
    <li className="recent-board">
      <a href={boardPath(board.id, token)} onClick={followLink} data-testid="recent-board">
        <span className="recent-board__thumb" aria-hidden="true">
          <svg viewBox="0 0 60 40" width="60" height="40">
            <rect x="6" y="8" width="14" height="10" rx="2" />
            <rect x="40" y="8" width="14" height="10" rx="2" />
            <rect x="23" y="24" width="14" height="10" rx="2" />
            <path d="M20 13h20M30 13v11" fill="none" />
          </svg>
        </span>
        <span className="recent-board__text">
          <strong title={title} data-testid="recent-board-title">
            {title}
          </strong>
          {/* The role under the title, not beside it: the title gets the card's whole width. */}
          <span className="recent-board__meta">
            <span className={`role-badge role-badge--${role === 'view' ? 'view' : 'edit'}`}>
              {role === 'owner' ? 'Owner' : role === 'edit' ? 'Can edit' : 'View only'}
            </span>
            Opened {timeAgo(board.lastOpened)}
          </span>
        </span>
      </a>
      <button
        type="button"
        className="recent-board__forget"
        title="Remove from this list"
        aria-label={`Remove ${board.title} from recent boards`}
        onClick={() => forgetBoard(board.id)}
      >
        ×
      </button>
    </li>
  );
}

export function RecentBoards() {
  const boards = useRecentBoards();
  return (
    <section className="recent-boards" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent boards</h2>
      {boards.length === 0 ? (
        <p className="recent-boards__empty">Boards you create or open appear here, on this device only.</p>
      ) : (
        <ul>
          {boards.map((board) => (
            <RecentBoardCard key={board.id} board={board} />
          ))}
        </ul>
      )}
    </section>
  );
}
