import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { PublishedViewport } from './followState';
import { FollowStore } from './FollowStore';

/** A tab's awareness; `send` delivers its current state to the other tabs, as the server would. */
function tab(name: string) {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState({ user: { name, color: '#1c7ed6' }, cursor: null, selection: [] });
  return awareness;
}

const opened: Awareness[] = [];
function board(...names: string[]) {
  const tabs = names.map(tab);
  opened.push(...tabs);
  const send = (from: Awareness, to = tabs.filter((t) => t !== from)) => {
    const update = encodeAwarenessUpdate(from, [from.clientID]);
    for (const t of to) applyAwarenessUpdate(t, update, 'server');
  };
  for (const t of tabs) send(t);
  return { tabs, send };
}

function followOn(awareness: Awareness) {
  const follow = new FollowStore(awareness);
  const moves: PublishedViewport[] = [];
  follow.setMoveView((area) => moves.push(area));
  const stop = follow.start();
  return { follow, moves, stop };
}

const view = (x: number): PublishedViewport => ({ x, y: 0, zoom: 1, w: 1000, h: 700 });

afterEach(() => {
  for (const awareness of opened.splice(0)) awareness.destroy();
});

describe('FollowStore', () => {
  it('moves to where the person followed looks, each time it changes, and stops with a second click', () => {
    const { tabs, send } = board('A', 'B');
    const [a, b] = tabs as [Awareness, Awareness];
    a.setLocalStateField('viewport', view(10));
    send(a);
    const { follow, moves } = followOn(b);
    follow.toggle(a.clientID);
    expect(follow.getFollowing()).toBe(a.clientID);
    expect(moves).toEqual([view(10)]);
    a.setLocalStateField('viewport', view(20));
    send(a);
    // A's cursor moving re-sends the same viewport: no move for that.
    a.setLocalStateField('cursor', { x: 1, y: 2 });
    send(a);
    expect(moves).toEqual([view(10), view(20)]);
    follow.toggle(a.clientID);
    expect(follow.getFollowing()).toBeNull();
    a.setLocalStateField('viewport', view(30));
    send(a);
    expect(moves).toHaveLength(2);
  });

  it('tells its subscribers, and stops following someone who leaves', () => {
    const { tabs, send } = board('A', 'B');
    const [a, b] = tabs as [Awareness, Awareness];
    const { follow } = followOn(b);
    let notified = 0;
    follow.subscribe(() => notified++);
    follow.follow(a.clientID);
    expect(notified).toBe(1);
    a.setLocalState(null);
    send(a);
    expect(follow.getFollowing()).toBeNull();
    expect(notified).toBe(2);
  });

  it('ignores a malformed viewport, and never follows this tab itself', () => {
    const { tabs, send } = board('A', 'B');
    const [a, b] = tabs as [Awareness, Awareness];
    const { follow, moves } = followOn(b);
    follow.follow(b.clientID);
    expect(follow.getFollowing()).toBeNull();
    follow.follow(a.clientID);
    a.setLocalStateField('viewport', { x: 'far', y: 0, zoom: 1, w: 10, h: 10 });
    send(a);
    expect(moves).toEqual([]);
    expect(follow.getFollowing()).toBe(a.clientID);
  });

  it('answers a summon once, stops following someone else for it, and not a summon from before it came', () => {
    const { tabs, send } = board('A', 'B', 'C');
    const [a, b, c] = tabs as [Awareness, Awareness, Awareness];
    c.setLocalStateField('viewport', view(5));
    send(c);
    const onA = followOn(a);
    const onB = followOn(b);
    onB.follow.follow(c.clientID);
    expect(onB.moves).toEqual([view(5)]);

    onA.follow.summon(view(77));
    send(a);
    expect(onB.moves).toEqual([view(5), view(77)]);
    expect(onB.follow.getFollowing()).toBeNull();
    // The summoner does not answer its own summon.
    expect(onA.moves).toEqual([]);
    // Anything else A sends later carries the same summon: not answered again.
    a.setLocalStateField('cursor', { x: 3, y: 4 });
    send(a);
    expect(onB.moves).toHaveLength(2);

    // D arrives after the summon: A's summon is old news to it.
    const d = tab('D');
    opened.push(d);
    applyAwarenessUpdate(d, encodeAwarenessUpdate(a, [a.clientID]), 'server');
    const onD = followOn(d);
    a.setLocalStateField('cursor', { x: 5, y: 6 });
    applyAwarenessUpdate(d, encodeAwarenessUpdate(a, [a.clientID]), 'server');
    expect(onD.moves).toEqual([]);
    // A second summon reaches everyone.
    onA.follow.summon(view(88));
    send(a);
    applyAwarenessUpdate(d, encodeAwarenessUpdate(a, [a.clientID]), 'server');
    expect(onB.moves.at(-1)).toEqual(view(88));
    expect(onD.moves).toEqual([view(88)]);
  });

  it('does not answer a summon made while this page could not see the summoner (a lost connection)', () => {
    const { tabs, send } = board('A', 'B');
    const [a, b] = tabs as [Awareness, Awareness];
    const { moves } = followOn(b);
    // B's connection drops: its provider forgets everyone else's presence.
    removeAwarenessStates(b, [a.clientID], 'connection lost');
    new FollowStore(a).summon(view(60));
    // Back online, B hears A again, summon included: old news.
    send(a);
    expect(moves).toEqual([]);
    new FollowStore(a).summon(view(61));
    send(a);
    expect(moves).toEqual([view(61)]);
  });

  it('keeps following the summoner after their summon', () => {
    const { tabs, send } = board('A', 'B');
    const [a, b] = tabs as [Awareness, Awareness];
    const { follow, moves } = followOn(b);
    follow.follow(a.clientID);
    new FollowStore(a).summon(view(40));
    a.setLocalStateField('viewport', view(40));
    send(a);
    expect(follow.getFollowing()).toBe(a.clientID);
    expect(moves.at(-1)).toEqual(view(40));
  });

  it('stops watching awareness when stopped', () => {
    const { tabs, send } = board('A', 'B');
    const [a, b] = tabs as [Awareness, Awareness];
    const { follow, moves, stop } = followOn(b);
    follow.follow(a.clientID);
    stop();
    a.setLocalStateField('viewport', view(1));
    send(a);
    expect(moves).toEqual([]);
  });
});
