import { SignInToOpen } from './auth/SignInToOpen';
import { followLink } from './router';
import { describeBoardError, type BoardError } from './sync/boardError';

/** Shown instead of a blank canvas when a board cannot be opened with this link. */
export function BoardErrorView({ error }: { error: BoardError }) {
  const { title, detail } = describeBoardError(error);
  const signIn = error.code === 'sign-in-required';
  return (
    <div className="board-error" role="alert" data-testid="board-error" data-code={error.code}>
      <div className="board-error__card">
        <svg width="44" height="44" viewBox="0 0 44 44" aria-hidden="true">
          <circle cx="22" cy="22" r="20" fill="#fee2e2" />
          <path d="M22 12v13" stroke="#dc2626" strokeWidth="3" strokeLinecap="round" />
          <circle cx="22" cy="31" r="2" fill="#dc2626" />
        </svg>
        <h1>{title}</h1>
        <p>{detail}</p>
        {signIn && <SignInToOpen />}{' '}
        <a className={`button ${signIn ? 'button--ghost' : 'button--primary'}`} href="/" onClick={followLink}>
          Go to your boards
        </a>
      </div>
    </div>
  );
}
