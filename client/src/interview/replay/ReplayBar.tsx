import type { CSSProperties } from 'react';
import { SPEEDS } from './playback';
import type { JumpPoint } from './jumpPoints';
import type { ReplayState } from './useReplay';

/** "4:07", "1:02:09": a span of the session. */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const at = (position: number, length: number): CSSProperties =>
  ({ '--at': length > 0 ? position / length : 0 }) as CSSProperties;

/**
 * The replay's transport, over the bottom of the canvas like a video's: play and pause,
 * the time into the session, the timeline (one stop per step) with the phase boundaries
 * above it and the host's notes below it, each a jump, and the speed.
 */
export function ReplayBar({ replay, jumps }: { replay: ReplayState; jumps: JumpPoint[] }) {
  const { player, state } = replay;
  if (state.status === 'loading' || state.status === 'error')
    return (
      <div className="replay-bar replay-bar--message" data-testid="replay-bar" data-status={state.status}>
        {state.status === 'loading' ? (
          <span>Reading the replay…</span>
        ) : (
          <>
            <span role="alert">The replay could not be read: {state.error}</span>
            <button type="button" className="button button--small" onClick={() => void player.open()}>
              Try again
            </button>
          </>
        )}
      </div>
    );
  const { timeline, position, length, playing, speed } = state;
  if (!timeline) return null;
  const start = timeline.timeAt(0) ?? 0;
  const phases = jumps.filter((j) => j.kind === 'phase');
  const notes = jumps.filter((j) => j.kind === 'note');
  return (
    <div className="replay-bar" data-testid="replay-bar" data-status="ready" role="group" aria-label="Replay">
      <button
        type="button"
        className="replay-bar__play"
        onClick={() => (playing ? player.pause() : player.play())}
        aria-label={playing ? 'Pause' : 'Play'}
        title={playing ? 'Pause' : position >= length ? 'Play from the start' : 'Play'}
        data-testid="replay-play"
        data-playing={playing}
      >
        {playing ? (
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
            <rect x="2.5" y="2" width="3.2" height="10" rx="1" fill="currentColor" />
            <rect x="8.3" y="2" width="3.2" height="10" rx="1" fill="currentColor" />
          </svg>
        ) : (
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
            <path
              d="M3.5 2.2v9.6a.6.6 0 0 0 .9.5l7.6-4.8a.6.6 0 0 0 0-1L4.4 1.7a.6.6 0 0 0-.9.5z"
              fill="currentColor"
            />
          </svg>
        )}
      </button>
      <span className="replay-bar__time" data-testid="replay-time" title={`Step ${position} of ${length}`}>
        {formatSpan((timeline.timeAt(position) ?? start) - start)}
        <span> / {formatSpan((timeline.timeAt(length) ?? start) - start)}</span>
      </span>
      <div className="replay-track">
        <div className="replay-track__phases">
          {phases.map((jump, i) => {
            const next = phases.slice(i + 1).find((j) => j.position > jump.position)?.position ?? length;
            const style = { ...at(jump.position, length), '--span': length > 0 ? (next - jump.position) / length : 0 };
            return (
              <button
                key={jump.key}
                type="button"
                className={`replay-mark${jump.title === 'End' && jump.position >= length ? ' replay-mark--end' : ''}`}
                style={style as CSSProperties}
                onClick={() => player.seek(jump.position)}
                title={jump.title}
                aria-label={`Jump to ${jump.title}`}
                data-testid="replay-mark"
                data-step={jump.position}
                data-version-id={jump.versionId}
              >
                <span className="replay-mark__label">{jump.title}</span>
              </button>
            );
          })}
        </div>
        <input
          type="range"
          className="replay-scrubber"
          min={0}
          max={length}
          step={1}
          value={position}
          style={at(position, length)}
          onChange={(event) => player.seek(Number(event.target.value))}
          aria-label="Replay position"
          aria-valuetext={`Step ${position} of ${length}`}
          data-testid="replay-scrubber"
        />
        <div className="replay-track__notes">
          {notes.map((jump) => (
            <button
              key={jump.key}
              type="button"
              className="replay-note-mark"
              style={at(jump.position, length)}
              onClick={() => player.seek(jump.position)}
              title={jump.title}
              aria-label={`Jump to the note “${jump.title}”`}
              data-testid="replay-note-mark"
              data-step={jump.position}
            />
          ))}
        </div>
      </div>
      <div className="replay-speed" role="radiogroup" aria-label="Playback speed" data-testid="replay-speed">
        {SPEEDS.map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={s === speed}
            className={s === speed ? 'is-active' : undefined}
            onClick={() => player.setSpeed(s)}
            data-speed={s}
          >
            {s}×
          </button>
        ))}
      </div>
    </div>
  );
}
