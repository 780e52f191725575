/**
 * The replay's playback clock, as pure functions of the steps' server times. Playback
 * runs in real time between steps, divided by the speed; a gap longer than MAX_GAP_MS of
 * playback (someone thinking for five minutes) plays as MAX_GAP_MS, so idle stretches
 * never leave the screen still for long.
 */
export const SPEEDS = [1, 4, 16] as const;
export type Speed = (typeof SPEEDS)[number];

export const MAX_GAP_MS = 2_000;

/**
 * `offsets[k]`: the milliseconds of playback, from position 0, at which position k (the
 * board after k steps) is reached. Positions 0 and 1 (empty, then the board as created)
 * are both at 0; each later step comes after its gap to the one before.
 */
export function playbackOffsets(times: readonly number[], speed: number): number[] {
  const offsets = [0];
  for (let k = 1; k <= times.length; k++) {
    const gap = k === 1 ? 0 : Math.max(0, times[k - 1]! - times[k - 2]!) / speed;
    offsets.push(offsets[k - 1]! + Math.min(gap, MAX_GAP_MS));
  }
  return offsets;
}

/** The position reached `elapsedMs` of playback after starting at `from`: never before `from`, never past the end. */
export function positionAfter(offsets: readonly number[], from: number, elapsedMs: number): number {
  const last = offsets.length - 1;
  const start = Math.min(Math.max(from, 0), last);
  const deadline = offsets[start]! + Math.max(0, elapsedMs);
  // The last position whose offset is at or before the deadline (offsets never decrease).
  let low = start;
  let high = last;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (offsets[mid]! <= deadline) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** How long playing from `from` to the end takes, in milliseconds. */
export function playbackLeft(offsets: readonly number[], from: number): number {
  const last = offsets.length - 1;
  return offsets[last]! - offsets[Math.min(Math.max(from, 0), last)]!;
}
