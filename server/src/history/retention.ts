import type { SnapshotInfo } from '../store/Store';

/** How long versions are kept whole, then one an hour; past both, one a day. */
export interface RetentionPolicy {
  /** e.g. 24 h */
  keepAllForMs: number;
  /** e.g. 7 days */
  hourlyForMs: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Newer: later createdAt, then the greater id (ids of one board sort by time). */
const isNewer = (a: SnapshotInfo, b: SnapshotInfo) =>
  a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

/** The newest version in each bucket that `bucketOf` puts versions in. */
function newestBy(list: SnapshotInfo[], bucketOf: (s: SnapshotInfo) => number): Map<number, SnapshotInfo> {
  const newest = new Map<number, SnapshotInfo>();
  for (const s of list) {
    const bucket = bucketOf(s);
    const current = newest.get(bucket);
    if (!current || isNewer(s, current)) newest.set(bucket, s);
  }
  return newest;
}

/**
 * The ids to delete: only `auto` and `restore` snapshots are ever thinned (named, phase and
 * imported ones are kept). They are kept all while younger than keepAllForMs, then the
 * newest one per clock hour (UTC) while younger than hourlyForMs, then the newest one per
 * UTC day. The newest `auto` snapshot is always kept. Pure: the same list, time and policy give the same ids, in list order.
 *
 * "The newest of its hour (day)" is over every auto/restore snapshot of that hour (day),
 * whichever band each is in. So the newest of an hour or day is never thinned, and
 * thinning what is left again, at the same time, finds nothing more.
 */
export function snapshotsToThin(list: SnapshotInfo[], now: number, policy: RetentionPolicy): string[] {
  const thinnable = list.filter((s) => s.kind === 'auto' || s.kind === 'restore');
  // epoch milliseconds count no leap seconds, so whole hours and days of them are UTC hours and days
  const hourOf = (s: SnapshotInfo) => Math.floor(s.createdAt / HOUR_MS);
  const dayOf = (s: SnapshotInfo) => Math.floor(s.createdAt / DAY_MS);
  const newestInHour = newestBy(thinnable, hourOf);
  const newestInDay = newestBy(thinnable, dayOf);
  const newestAuto = newestBy(
    thinnable.filter((s) => s.kind === 'auto'),
    () => 0,
  ).get(0);

  const doomed = new Set<string>();
  for (const s of thinnable) {
    const age = now - s.createdAt;
    if (s.id === newestAuto?.id || age < policy.keepAllForMs) continue;
    const keeper = age < policy.hourlyForMs ? newestInHour.get(hourOf(s)) : newestInDay.get(dayOf(s));
    if (keeper?.id !== s.id) doomed.add(s.id);
  }
  return [...doomed];
}
