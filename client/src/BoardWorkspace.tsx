import { useCallback, useEffect, useMemo, useState } from 'react';
import { Canvas } from './canvas/Canvas';
import { EdgeLegend } from './chrome/EdgeLegend';
import { ShortcutSheet, useShortcutSheetKey } from './chrome/ShortcutSheet';
import { CatalogPanel } from './catalog-panel/CatalogPanel';
import { BoardErrorView } from './BoardErrorView';
import type { LocalUser } from './presence/localUser';
import { NameDialog } from './presence/NameDialog';
import { FollowContext, useNewFollowStore } from './presence/FollowContext';
import { FollowIndicator } from './presence/FollowIndicator';
import { useDistinctColor } from './presence/distinctColor';
import { useLocalUser, useNameChosen, usePublishUser } from './presence/useLocalUser';
import { usePeople } from './presence/usePeers';
import { HistoryPanel, PreviewBanner } from './history/HistoryPanel';
import { useHistory } from './history/useHistory';
import { InterviewBar } from './interview/InterviewBar';
import { HostNotesPanel } from './interview/host/HostNotesPanel';
import { useHostNotesSession } from './interview/host/useHostNotesSession';
import { ReplayBanner } from './interview/replay/ReplayBanner';
import { ReplayOverlay } from './interview/replay/ReplayOverlay';
import { useReplay } from './interview/replay/useReplay';
import { QuestionsPanel } from './questions-panel/QuestionsPanel';
import { rememberBoard, useRecentBoards } from './recentBoards';
import { PropertiesPanel } from './review/PropertiesPanel';
import { ReviewContext, ReviewProvider } from './review/ReviewContext';
import { ReviewPanel } from './review/ReviewPanel';
import { ReviewStore } from './review/ReviewStore';
import { whenIdle } from './idle';
import type { BoardSession } from './sync/BoardSession';
import { useBoardContent } from './sync/useBoard';
import { describeBoardError, isLinkError } from './sync/boardError';
import { useConnection } from './sync/useConnection';
import { BoardHeader } from './toolbar/BoardHeader';
import { shareTokens } from './toolbar/shareTokens';
import './board.css';

/** The board page once a session is open: header, palette, canvas, design questions. */
export function BoardWorkspace({ session, me: openedAs }: { session: BoardSession; me: LocalUser }) {
  // The name and colour as stored now: renamed from the avatar, or in another tab.
  const me = useLocalUser(openedAs);
  usePublishUser(session.awareness, me);
  const nameChosen = useNameChosen();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const showShortcuts = useCallback(() => setShortcutsOpen(true), []);
  useShortcutSheetKey(showShortcuts);
  // Not the live board: the page around the canvas does not re-render at each frame of a drag.
  const board = useBoardContent(session);
  const connection = useConnection(session);
  const people = usePeople(session);
  useDistinctColor(me, nameChosen, people);
  const follow = useNewFollowStore(session.awareness);
  const recent = useRecentBoards().find((b) => b.id === session.boardId);
  const [questionsOpen, setQuestionsOpen] = useState(() => window.innerWidth >= 1440);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [reviewOpen, setReviewOpen] = useState(false);
  const [notesOpen, setNotesOpen] = useState(false);
  // The host's private notes: opened on the host's page only (null for every other role).
  const hostNotes = useHostNotesSession(session);
  const history = useHistory(session, me.name, historyOpen);
  // An interview's replay: while open, the canvas shows the replayed board read-only, as it shows a version.
  const replay = useReplay(session);
  const preview = replay.state.board ?? history.preview?.board;
  // Which preview is shown: the canvas frames it when it changes, not at each replay step.
  const previewKey = replay.state.board ? 'replay' : history.preview?.info.id;
  const closeHistory = () => {
    history.closePreview();
    setHistoryOpen(false);
  };
  const review = useMemo(() => new ReviewStore(session.board, whenIdle), [session]);
  useEffect(() => () => review.destroy(), [review]);
  // Beside a version or a replay step, the review (the header's count and the panel) is of
  // that board, not the live one.
  const shownReview = useMemo(() => (preview ? ReviewStore.of(preview) : undefined), [preview]);
  useEffect(() => () => shownReview?.destroy(), [shownReview]);
  const { boardId, role, token } = session;
  const loaded = board.schemaVersion !== undefined;

  useEffect(() => rememberBoard(boardId, { token: { role, value: token }, touch: true }), [boardId, role, token]);
  useEffect(() => {
    if (loaded) rememberBoard(boardId, { title: board.title });
  }, [boardId, loaded, board.title]);
  useEffect(() => {
    // A blank title (a board imported with one, or stored by an older client) still names the tab.
    document.title = `${board.title.trim() || 'Untitled board'} · Archboard`;
    return () => void (document.title = 'Archboard');
  }, [board.title]);

  if (connection.error && isLinkError(connection.error)) return <BoardErrorView error={connection.error} />;
  // A sharer without a remembered view token (or an owner without the edit one) gets it from the Share menu (GET …/links).
  const tokens = shareTokens(role, token, recent);
  const page = (
    <div className={`board-page${session.readOnly ? ' is-read-only' : ''}`} data-role={role}>
      <BoardHeader
        session={session}
        title={board.title}
        preview={preview}
        previewing={preview !== undefined}
        people={people}
        me={me}
        tokens={tokens}
        questionsOpen={questionsOpen}
        onToggleQuestions={() => {
          // One side panel at a time: two would leave the canvas too narrow.
          if (!questionsOpen) {
            closeHistory();
            setReviewOpen(false);
            setNotesOpen(false);
          }
          setQuestionsOpen((open) => !open);
        }}
        review={shownReview ?? review}
        reviewOpen={reviewOpen}
        onToggleReview={() => {
          if (!reviewOpen) {
            closeHistory();
            setQuestionsOpen(false);
            setNotesOpen(false);
          }
          setReviewOpen((open) => !open);
        }}
        onShowShortcuts={showShortcuts}
        historyOpen={historyOpen}
        onToggleHistory={() => {
          if (historyOpen) closeHistory();
          else {
            setQuestionsOpen(false);
            setReviewOpen(false);
            setNotesOpen(false);
            replay.player.close();
            setHistoryOpen(true);
          }
        }}
        hostNotesOpen={hostNotes ? notesOpen : undefined}
        onToggleHostNotes={() => {
          if (!notesOpen) {
            closeHistory();
            setQuestionsOpen(false);
            setReviewOpen(false);
          }
          setNotesOpen((open) => !open);
        }}
      />
      <InterviewBar session={session} />
      <PreviewBanner history={history} readOnly={session.readOnly} />
      <ReplayBanner session={session} replay={replay} author={me.name} />
      {connection.error && !isLinkError(connection.error) && (
        <div className="board-banner" role="alert">
          <strong>{describeBoardError(connection.error).title}.</strong> {describeBoardError(connection.error).detail}
        </div>
      )}
      {connection.boardFull && !connection.error && (
        <div className="board-banner" role="alert">
          <strong>{describeBoardError({ code: 'board-full' }).title}.</strong>{' '}
          {describeBoardError({ code: 'board-full' }).detail}
        </div>
      )}
      {connection.denied && !session.readOnly && (
        <div className="board-banner" role="alert">
          The server refused a change: {connection.denied}
        </div>
      )}
      {!nameChosen && <NameDialog user={me} variant="prompt" onClose={() => undefined} />}
      <ReviewProvider store={review}>
        <div className="board-body">
          {!session.readOnly && !preview && <CatalogPanel />}
          <div className="canvas-area">
            {/* a version on screen is not the board under review: no marks of the live review on it */}
            <ReviewContext.Provider value={preview ? null : review}>
              <Canvas preview={preview} previewKey={previewKey} />
            </ReviewContext.Provider>
            <FollowIndicator people={people} />
            <EdgeLegend hasEdges={(preview ?? board).edges.length > 0} />
            {!preview && <PropertiesPanel session={session} board={board} />}
            <ReplayOverlay session={session} replay={replay} hostNotes={hostNotes} onOpen={closeHistory} />
          </div>
          {questionsOpen && (
            <QuestionsPanel session={session} board={board} shown={preview} onClose={() => setQuestionsOpen(false)} />
          )}
          {historyOpen && <HistoryPanel history={history} readOnly={session.readOnly} onClose={closeHistory} />}
          {reviewOpen && (
            <ReviewPanel
              session={session}
              store={shownReview ?? review}
              board={board}
              shown={preview}
              me={me.name}
              onClose={() => setReviewOpen(false)}
            />
          )}
          {notesOpen && hostNotes && (
            <HostNotesPanel session={session} notes={hostNotes} onClose={() => setNotesOpen(false)} />
          )}
        </div>
      </ReviewProvider>
      {shortcutsOpen && <ShortcutSheet onClose={() => setShortcutsOpen(false)} />}
    </div>
  );
  return <FollowContext.Provider value={follow}>{page}</FollowContext.Provider>;
}
