import { useState, type ChangeEvent } from 'react';
import { parseImport, type ImportError } from '@archboard/shared';
import { beginSignIn, signedIn, signOut, useSignInConfig } from '../auth/signIn';
import { ThemeToggle } from '../chrome/ThemeToggle';
import { ImportErrorDialog } from '../toolbar/ImportErrorDialog';
import { boardPath, navigate } from '../router';
import { rememberBoard, useRecentBoards } from '../recentBoards';
import { createBoard, createInterview, importBoard, type CreatedBoard } from './createBoard';
import { HeroDiagram } from './HeroDiagram';
import { RecentBoards } from './RecentBoards';
import './landing.css';

const FEATURES = [
  {
    title: 'Live together',
    text: 'Everyone sees every drag, wire and keystroke as it happens, with cursors and presence.',
  },
  {
    title: 'The AWS catalogue',
    text: 'Official icons for edge, compute, storage, messaging and more, with what each is for.',
  },
  { title: 'Design questions', text: 'Answer the guide’s requirement questions right beside the diagram they shape.' },
  { title: 'Works offline', text: 'Boards are kept on your device; changes made offline merge when you reconnect.' },
];

export function LandingPage() {
  const signIn = useSignInConfig();
  const hasRecent = useRecentBoards().length > 0;
  const [user, setUser] = useState(signedIn);
  const mustSignIn = Boolean(signIn) && !user;
  const [creating, setCreating] = useState(false);
  const [orgOnly, setOrgOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const [importError, setImportError] = useState<ImportError | null>(null);

  const open = async (title: string, make: () => Promise<CreatedBoard>) => {
    setCreating(true);
    setError(null);
    try {
      const board = await make();
      // The creator opens the board as its owner, and keeps the edit and view links to hand out.
      rememberBoard(board.id, { title, token: { role: 'owner', value: board.ownerToken }, touch: true });
      rememberBoard(board.id, { token: { role: 'edit', value: board.editToken } });
      rememberBoard(board.id, { token: { role: 'view', value: board.viewToken } });
      navigate(boardPath(board.id, board.ownerToken));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setCreating(false);
    }
  };
  const onNewBoard = () => open('Untitled board', () => createBoard('Untitled board', orgOnly));
  // An interview board opens with the host's link (kept where the owner's is): the clock and phases are its to run.
  const onNewInterview = () => {
    const title = `Interview — ${new Date().toLocaleDateString(undefined, { dateStyle: 'medium' })}`;
    return open(title, () => createInterview(title, orgOnly));
  };
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const text = await file.text();
    // Checked here first for the full list of what is wrong; the server checks again.
    const parsed = parseImport(text);
    if (!parsed.ok) return setImportError(parsed.error);
    await open(parsed.value.title, () => importBoard(text, orgOnly));
  };

  return (
    <div className="landing">
      <header className="landing__nav">
        <a className="brand" href="/">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Archboard</span>
        </a>
        <ThemeToggle />
      </header>
      <main className="landing__main">
        <section className="hero">
          <div className="hero__text">
            <p className="hero__eyebrow">Collaborative system design</p>
            <h1>Sketch cloud architecture together, in real time.</h1>
            <p className="hero__lead">
              Drag AWS services onto a shared canvas, wire them up, and work through the design questions with your team
              — all in one board, live.
            </p>
            <div className="hero__actions">
              {mustSignIn && signIn && (
                <button
                  type="button"
                  className="button button--primary button--large"
                  onClick={() =>
                    void beginSignIn(signIn).catch((e: unknown) => setError(String(e instanceof Error ? e.message : e)))
                  }
                  data-testid="sign-in"
                >
                  Sign in to create boards
                </button>
              )}
              {!mustSignIn && (
                <button
                  type="button"
                  className="button button--primary button--large"
                  onClick={() => void onNewBoard()}
                  disabled={creating}
                  data-testid="new-board"
                >
                  {creating ? 'Creating…' : 'New board'}
                </button>
              )}
              {!mustSignIn && (
                <button
                  type="button"
                  className="button button--large"
                  onClick={() => void onNewInterview()}
                  disabled={creating}
                  title="A board with a shared clock and phases, run from your private interviewer link"
                  data-testid="new-interview"
                >
                  Start an interview
                </button>
              )}
              {!mustSignIn && (
                <label className={`button button--large${creating ? ' is-disabled' : ''}`}>
                  Import a board
                  <input
                    type="file"
                    accept=".json,application/json"
                    className="visually-hidden"
                    disabled={creating}
                    onChange={(event) => void onImport(event)}
                    data-testid="import-json"
                  />
                </label>
              )}
            </div>
            <div className="hero__hints">
              {signIn === null && (
                <span className="hero__hint">
                  No sign-up. Share a link to invite people, or import an Archboard JSON export.
                </span>
              )}
              {mustSignIn && (
                <span className="hero__hint">
                  This server creates boards for signed-in people only. Board links you are given work without signing
                  in.
                </span>
              )}
              {signIn && user && (
                <label className="hero__hint hero__option">
                  <input
                    type="checkbox"
                    checked={orgOnly}
                    disabled={creating}
                    onChange={(event) => setOrgOnly(event.target.checked)}
                    data-testid="org-only"
                  />
                  Organisation only: opening it needs its link and a sign-in here
                </label>
              )}
              {signIn && user && (
                <span className="hero__hint" data-testid="signed-in">
                  Signed in as {user.name}.{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      signOut();
                      setUser(undefined);
                    }}
                  >
                    Sign out
                  </button>
                </span>
              )}
            </div>
            {error && (
              <p className="hero__error" role="alert">
                {error}
              </p>
            )}
          </div>
          <HeroDiagram />
        </section>
        {/* Someone coming back finds their boards before the pitch; a first visit, the pitch first. */}
        {hasRecent && <RecentBoards />}
        <section className="features">
          {FEATURES.map((f) => (
            <article key={f.title}>
              <h3>{f.title}</h3>
              <p>{f.text}</p>
            </article>
          ))}
        </section>
        {!hasRecent && <RecentBoards />}
      </main>
      {importError && <ImportErrorDialog error={importError} onClose={() => setImportError(null)} />}
      <footer className="landing__footer">Archboard · real-time whiteboard for system design</footer>
    </div>
  );
}
