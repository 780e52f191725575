import { describe, expect, it } from 'vitest';
import type { SnapshotInfo, SnapshotKind } from '../store/Store';
import { snapshotsToThin, type RetentionPolicy } from './retention';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const policy: RetentionPolicy = { keepAllForMs: DAY, hourlyForMs: 7 * DAY };
const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

let serial = 0;
/** A version taken at `createdAt`; ids are unique and, like real ones, sort by time. */
function snap(createdAt: number, kind: SnapshotKind = 'auto'): SnapshotInfo {
  const id = `${createdAt.toString(36).padStart(9, '0')}-${String(serial++).padStart(6, '0')}`;
  return { id, createdAt, kind, name: kind, editors: [], hash: id, bytes: 1 };
}
const ids = (list: SnapshotInfo[]) => list.map((s) => s.id);
/** A fixed instant `daysAgo` days before NOW's UTC midnight, at hh:mm UTC. */
const at = (daysAgo: number, hh: number, mm = 0) => Date.UTC(2025, 5, 15 - daysAgo, hh, mm);

describe('snapshotsToThin', () => {
  it('H1 keeps named versions at any age', () => {
    const named = [1, 2, 3, 9, 10, 40, 400].flatMap((d) => [snap(at(d, 3), 'named'), snap(at(d, 3, 30), 'named')]);
    const latest = snap(NOW - HOUR);
    expect(snapshotsToThin([...named, latest], NOW, policy)).toEqual([]);
  });

  it('H2 keeps every version younger than keepAllForMs', () => {
    const recent = Array.from({ length: 30 }, (_, i) => snap(NOW - i * 40_000, i % 3 === 0 ? 'restore' : 'auto'));
    recent.push(snap(NOW - DAY + 1));
    expect(snapshotsToThin(recent, NOW, policy)).toEqual([]);
  });

  it('H3 in the hourly band keeps the newest of each UTC hour', () => {
    const older = snap(at(3, 14, 10));
    const newer = snap(at(3, 14, 40), 'restore');
    const otherHour = snap(at(3, 15, 5));
    const latest = snap(NOW);
    expect(snapshotsToThin([latest, otherHour, newer, older], NOW, policy)).toEqual([older.id]);
  });

  it('H4 in the daily band keeps the newest of each UTC day', () => {
    const morning = snap(at(30, 2));
    const noon = snap(at(30, 12), 'restore');
    const evening = snap(at(30, 20));
    const beforeMidnight = snap(at(31, 23, 50));
    const afterMidnight = snap(at(30, 0, 10));
    const latest = snap(NOW);
    const list = [latest, evening, noon, morning, afterMidnight, beforeMidnight];
    expect(snapshotsToThin(list, NOW, policy)).toEqual([noon.id, morning.id, afterMidnight.id]);
  });

  it('H5 never thins the newest auto version', () => {
    const lastAuto = snap(at(30, 9));
    const laterRestore = snap(at(30, 18), 'restore'); // newer in the same day and hour band
    const olderAuto = snap(at(30, 8));
    expect(snapshotsToThin([laterRestore, lastAuto, olderAuto], NOW, policy)).toEqual([olderAuto.id]);
    // alone and old, it stays too
    expect(snapshotsToThin([snap(at(400, 1))], NOW, policy)).toEqual([]);
  });

  it('H6 gives a subset of the input ids, no named, phase or imported one, and nothing more when run again', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const kinds: SnapshotKind[] = ['auto', 'auto', 'auto', 'restore', 'named', 'phase', 'imported'];
    const list = Array.from({ length: 500 }, () =>
      snap(NOW - Math.floor(random() * 40 * DAY), kinds[Math.floor(random() * kinds.length)]),
    );
    const thinned = snapshotsToThin(list, NOW, policy);
    const input = new Set(ids(list));
    expect(thinned.length).toBeGreaterThan(0);
    expect(new Set(thinned).size).toBe(thinned.length);
    for (const id of thinned) expect(input.has(id)).toBe(true);
    const named = new Set(ids(list.filter((s) => s.kind !== 'auto' && s.kind !== 'restore')));
    expect(named.size).toBeGreaterThan(100);
    expect(thinned.filter((id) => named.has(id))).toEqual([]);
    const left = list.filter((s) => !thinned.includes(s.id));
    expect(snapshotsToThin(left, NOW, policy)).toEqual([]);
  });

  it('H7 the same list, time and policy give the same ids', () => {
    const list = [snap(at(3, 1)), snap(at(3, 1, 30)), snap(at(20, 4)), snap(at(20, 6)), snap(NOW)];
    const first = snapshotsToThin(list, NOW, policy);
    expect(snapshotsToThin([...list], NOW, policy)).toEqual(first);
    expect(first).toEqual([list[0]!.id, list[2]!.id]);
  });
});
