import { describe, expect, it } from 'vitest';
import { end, newSession, nextPhase, pause, start } from '@archboard/shared';
import { clockView, phaseSnapshotName } from './clockView';

const MIN = 60_000;

describe('clockView', () => {
  it('shows the first phase in full before the start, with or without the server time', () => {
    const view = clockView(newSession(), undefined);
    expect(view).toMatchObject({ step: 'Phase 1 of 5', name: 'Requirements', time: '10:00', over: false });
    expect(view.statusLabel).toBe('Not started');
  });

  it('counts down from the server time', () => {
    const running = start(newSession(), 1_000);
    expect(clockView(running, 1_000 + 61_500).time).toBe('08:59');
    expect(clockView(running, undefined).time).toBe('--:--');
  });

  it('says how far a phase ran over', () => {
    const running = start(newSession(), 0);
    const view = clockView(running, 10 * MIN + 65_000);
    expect(view).toMatchObject({ time: '+01:05 over', unit: '', over: true });
  });

  it('keeps a paused clock still, whatever the time', () => {
    const paused = pause(start(newSession(), 0), 2 * MIN);
    expect(clockView(paused, 50 * MIN)).toMatchObject({ time: '08:00', statusLabel: 'Paused' });
    expect(clockView(paused, undefined).time).toBe('08:00');
  });

  it('names the phase and its place after Next', () => {
    const second = nextPhase(start(newSession(), 0), MIN);
    expect(clockView(second, MIN)).toMatchObject({ step: 'Phase 2 of 5', name: 'Estimation', time: '05:00' });
    expect(clockView(second, 2 * MIN).unit).toBe('left');
  });

  it('once ended, says how long the session took, start to end, pauses included', () => {
    const second = nextPhase(start(newSession(), 1_000), 1_000 + MIN);
    const paused = pause(second, 1_000 + 2 * MIN);
    const ended = end(paused, 1_000 + 12 * MIN + 5_000);
    expect(clockView(ended, 50 * MIN)).toMatchObject({
      step: 'Phase 2 of 5',
      name: 'Estimation',
      statusLabel: 'Ended',
      time: '12:05',
      unit: 'in all',
      over: false,
    });
    expect(clockView(ended, undefined).time).toBe('12:05');
    // A phase that ran over before the end: the length, not the overrun.
    expect(clockView(end(start(newSession(), 0), 14 * MIN), 20 * MIN)).toMatchObject({ time: '14:00', over: false });
  });
});

describe('phaseSnapshotName', () => {
  it('names the phase that ends and its number', () => {
    const second = nextPhase(start(newSession(), 0), MIN);
    expect(phaseSnapshotName(start(newSession(), 0))).toBe('Requirements (end of phase 1)');
    expect(phaseSnapshotName(second)).toBe('Estimation (end of phase 2)');
  });
});
