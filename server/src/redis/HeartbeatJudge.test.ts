import { describe, expect, it } from 'vitest';
import { HeartbeatJudge } from './HeartbeatJudge';

const BEAT = 500;
const TTL = 2000;

describe('HeartbeatJudge', () => {
  it('HB-1 two fresh misses in a row are a death; a beat in between resets the count', () => {
    const judge = new HeartbeatJudge(BEAT, TTL);
    expect(judge.observe('b', false, 0, 2)).toBe(false);
    expect(judge.observe('b', true, 1000, 1002)).toBe(false);
    expect(judge.observe('b', false, 2000, 2002)).toBe(false);
    expect(judge.observe('b', false, 3000, 3002)).toBe(true);
  });

  it('HB-2 a Redis stall is not a death: answers that come late, and misses until the heartbeats could renew, do not count', () => {
    const judge = new HeartbeatJudge(BEAT, TTL);
    // checks asked during a 5 s stall, all answered at once when it ends: the keys read as expired
    for (const asked of [1000, 2000, 3000, 4000, 5000]) expect(judge.observe('b', false, asked, 6000)).toBe(false);
    // right after: the other instance's renewal may still be in line
    expect(judge.observe('b', false, 7000, 7002)).toBe(false);
    expect(judge.observe('b', false, 8000, 8002)).toBe(false);
    // once the heartbeats had their lifetime to be renewed, misses count again
    expect(judge.observe('b', false, 9000, 9002)).toBe(false);
    expect(judge.observe('b', false, 10_000, 10_002)).toBe(true);
  });
});
