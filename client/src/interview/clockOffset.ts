/**
 * How far the server's clock is from this page's, NTP-style: ask the server its time,
 * note when the question left and the answer came back on a local monotonic clock, and
 * assume the answer was read half-way through. The error is at most half the round trip,
 * so of several samples the one with the shortest round trip is the one to trust.
 */
export interface ClockSample {
  /** Local time (ms) when the request was sent. */
  sentAt: number;
  /** Local time (ms) when the answer arrived. */
  receivedAt: number;
  /** The server's time (ms since the epoch) in the answer. */
  serverNow: number;
}

export const roundTrip = (sample: ClockSample): number => sample.receivedAt - sample.sentAt;

/** What to add to the local time to get the server's, by one sample. */
export const offsetOf = (sample: ClockSample): number => sample.serverNow - (sample.sentAt + sample.receivedAt) / 2;

/**
 * The offset by the sample with the shortest round trip, or undefined without a usable
 * sample (none, or only ones whose local times run backwards).
 */
export function estimateOffset(samples: readonly ClockSample[]): number | undefined {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    if (roundTrip(sample) < 0) continue;
    if (!best || roundTrip(sample) < roundTrip(best)) best = sample;
  }
  return best && offsetOf(best);
}
