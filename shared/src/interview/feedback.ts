import { markdownBlock as block, markdownImage, markdownInline as inline } from '../export/markdownText';
import { designQuestionsMarkdown } from '../export/toMarkdown';
import type { Board } from '../read/readBoard';
import { RATINGS, SCORECARD_AREAS, type HostNotes } from './hostDoc';
import type { Session } from './session';

/**
 * What the interviewer hands on after an interview (rule FB-1 in SPEC.md): the phases as
 * they ran, the scorecard and recommendation, the private notes in time order with the
 * phase each was written in, the board's answers to the design questions, and the final
 * diagram. Pure and deterministic: the caller passes the server time and the time zone.
 */
export interface FeedbackInput {
  board: Board;
  host: HostNotes;
  /** The board's interview session; undefined on a board that is not an interview. */
  session: Session | undefined;
  /** Server time of the export (ms): the date on the document, and the end of a phase still running. */
  now: number;
  /** The diagram image: a data URL, a URL, or a file name beside the document. */
  diagramUrl: string;
  /** IANA time zone for the date and clock times; UTC when absent. */
  timeZone?: string;
}

/** "mm:ss" of a duration (minutes run past 59: "75:03"), rounded down. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

const startMark = (session: Session | undefined) => session?.marks.find((m) => m.kind === 'start');

/**
 * Where a moment (server time) sits in the interview: the phase running then, or none
 * before the start and after the end. Derived from the session's marks, so a note needs
 * to store only its time.
 */
export function phaseAt(session: Session | undefined, at: number): string | undefined {
  let phase: string | undefined;
  for (const mark of [...(session?.marks ?? [])].sort((a, b) => a.at - b.at)) {
    if (mark.at > at) break;
    phase = mark.kind === 'end' ? undefined : mark.name;
  }
  return phase;
}

/** The phase running at a moment, or "before the start" / "after the end"; undefined while the session has not started. */
export function whereInSession(session: Session | undefined, at: number): string | undefined {
  const start = startMark(session);
  if (!start) return undefined;
  if (at < start.at) return 'before the start';
  return phaseAt(session, at) ?? 'after the end';
}

/**
 * The label of a note's time: "mm:ss" since the session started, or the clock time
 * ("14:05") for a note written before it started.
 */
export function noteTime(session: Session | undefined, at: number, timeZone = 'UTC'): string {
  const start = startMark(session);
  if (start && at >= start.at) return formatElapsed(at - start.at);
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    at,
  );
}

export interface PhaseRun {
  name: string;
  plannedMinutes: number;
  /** Milliseconds from its mark to the next one (pauses included); undefined if never reached. */
  tookMs: number | undefined;
  /** Still running at `now`. */
  running: boolean;
}

/** Each planned phase with how long it actually took, from the session's marks. */
export function phaseRuns(session: Session, now: number): PhaseRun[] {
  const marks = [...session.marks].sort((a, b) => a.at - b.at);
  return session.phases.map((phase, index) => {
    const at = marks.findIndex((m) => m.kind !== 'end' && m.phase === index);
    if (at < 0) return { name: phase.name, plannedMinutes: phase.minutes, tookMs: undefined, running: false };
    const next = marks[at + 1];
    return {
      name: phase.name,
      plannedMinutes: phase.minutes,
      tookMs: (next?.at ?? now) - marks[at]!.at,
      running: next === undefined && session.status !== 'ended',
    };
  });
}

function phasesSection(session: Session | undefined, now: number): string[] {
  const out = ['## Phases', ''];
  if (!session) return [...out, '_This board has no interview session._', ''];
  if (!startMark(session)) return [...out, '_The session has not started._', ''];
  out.push('| Phase | Planned | Took |', '| --- | --- | --- |');
  for (const run of phaseRuns(session, now)) {
    const took =
      run.tookMs === undefined ? 'not reached' : `${formatElapsed(run.tookMs)}${run.running ? ' (running)' : ''}`;
    out.push(`| ${inline(run.name)} | ${run.plannedMinutes} min | ${took} |`);
  }
  const start = startMark(session)!;
  const end = session.marks.find((m) => m.kind === 'end');
  out.push('', `${end ? 'Total' : 'So far'}: ${formatElapsed((end?.at ?? now) - start.at)}.`, '');
  return out;
}

/** What the candidate was asked, as the host set it; nothing when the host set none. */
function problemSection(session: Session | undefined): string[] {
  return session?.problem ? ['## Problem', '', block(session.problem), ''] : [];
}

function scorecardSection({ scorecard }: HostNotes): string[] {
  const out = ['## Scorecard', '', '| Area | Rating | Comment |', '| --- | --- | --- |'];
  for (const area of SCORECARD_AREAS) {
    const score = scorecard.areas[area.id];
    const rating = score?.rating ? `${RATINGS[score.rating - 1]} (${score.rating}/4)` : '_not rated_';
    out.push(`| ${area.label} | ${rating} | ${inline(score?.comment ?? '')} |`);
  }
  out.push('', `**Recommendation:** ${scorecard.recommendation ?? '_none yet_'}`, '');
  return out;
}

function notesSection(input: FeedbackInput): string[] {
  const out = ['## Notes', ''];
  const notes = [...input.host.notes].filter((n) => n.text.trim() !== '').sort((a, b) => a.at - b.at);
  if (notes.length === 0) return [...out, '_No notes._', ''];
  for (const note of notes) {
    const phase = whereInSession(input.session, note.at);
    const when = `**${noteTime(input.session, note.at, input.timeZone)}**${phase ? ` · ${inline(phase)}` : ''}`;
    out.push(`- ${when} — ${block(note.text).replace(/\n/g, '\n  ')}`);
  }
  return [...out, ''];
}

/** The feedback document, as Markdown (see FeedbackInput). */
export function feedbackMarkdown(input: FeedbackInput): string {
  const { board, now } = input;
  const date = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: input.timeZone ?? 'UTC',
  }).format(now);
  const title = board.title.trim() || 'Untitled board';
  const out = [
    `# Interview feedback: ${inline(title)}`,
    '',
    `Date: ${date}`,
    '',
    ...problemSection(input.session),
    ...phasesSection(input.session, now),
    ...scorecardSection(input.host),
    ...notesSection(input),
    ...designQuestionsMarkdown(board),
    '## Final diagram',
    '',
    markdownImage(`Diagram: ${title}`, input.diagramUrl),
    '',
  ];
  return `${out.join('\n').trimEnd()}\n`;
}
