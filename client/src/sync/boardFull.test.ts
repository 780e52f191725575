import { describe, expect, it } from 'vitest';
import { CLOSE, FINAL_CLOSE_CODES } from '@archboard/shared';
import { watchBoardFull, RELOAD_GAP_MS, type FullBoardSession } from './boardFull';
import { describeBoardError, errorForClose, isLinkError } from './boardError';
import type { ConnectionSnapshot } from './ConnectionStore';

/** A session as boardFull.ts sees it: a connection snapshot to change, and a local copy to delete. */
function session(boardId: string) {
  let snapshot: ConnectionSnapshot = { state: 'connected', serverSynced: true, localLoaded: true };
  const listeners = new Set<() => void>();
  const events: string[] = [];
  let finishClear: () => void = () => {};
  const s: FullBoardSession & { close(code: number): void; events: string[]; finishClear(): void } = {
    boardId,
    connection: {
      subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
      getSnapshot: () => snapshot,
    },
    persistence: {
      clearData: () => {
        events.push('clear');
        return new Promise<void>((resolve) => (finishClear = resolve));
      },
    },
    // what ConnectionStore does with the provider's `closed` event
    close(code) {
      const error = errorForClose(code, '');
      if (error) snapshot = { ...snapshot, state: 'offline', error };
      listeners.forEach((l) => l());
    },
    events,
    finishClear: () => finishClear(),
  };
  return s;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a board found full (4411)', () => {
  it('FULL-C1 4411 is final, and the board stays on screen with a banner saying what to do', () => {
    expect(FINAL_CLOSE_CODES).toContain(CLOSE.boardFull.code);
    const error = errorForClose(CLOSE.boardFull.code, CLOSE.boardFull.reason);
    expect(error).toEqual({ code: 'board-full' });
    expect(isLinkError(error!)).toBe(false);
    const { title, detail } = describeBoardError(error!);
    expect(title).toBe('This board is full');
    expect(detail).toMatch(/not saved/);
    expect(detail).toMatch(/remove what you no longer need/);
  });

  it('FULL-C2 the tab deletes its local copy (the refused change with it), then reopens the board from the server', async () => {
    const s = session('full-a');
    let reopened = 0;
    watchBoardFull(s, () => reopened++);
    s.close(CLOSE.tooMany.code); // transient: nothing happens
    s.close(CLOSE.boardFull.code);
    expect(s.events).toEqual(['clear']);
    await settle();
    expect(reopened).toBe(0); // not before the copy is gone
    s.finishClear();
    await settle();
    expect(reopened).toBe(1);
  });

  it('FULL-C3 found full again within the gap (another tab handed the change back): it stays stopped instead of looping', async () => {
    let now = 1_000_000;
    const first = session('full-b');
    let reopened = 0;
    watchBoardFull(
      first,
      () => reopened++,
      () => now,
    );
    first.close(CLOSE.boardFull.code);
    first.finishClear();
    await settle();
    const second = session('full-b');
    now += RELOAD_GAP_MS - 1;
    watchBoardFull(
      second,
      () => reopened++,
      () => now,
    );
    second.close(CLOSE.boardFull.code);
    await settle();
    expect(second.events).toEqual([]);
    expect(reopened).toBe(1);
    const third = session('full-b');
    now += RELOAD_GAP_MS;
    watchBoardFull(
      third,
      () => reopened++,
      () => now,
    );
    third.close(CLOSE.boardFull.code);
    third.finishClear();
    await settle();
    expect(reopened).toBe(2);
  });

  it('FULL-C4 a session closed meanwhile (the page left) is not reopened', async () => {
    const s = session('full-c');
    let reopened = 0;
    const stop = watchBoardFull(s, () => reopened++);
    s.close(CLOSE.boardFull.code);
    stop();
    s.finishClear();
    await settle();
    expect(reopened).toBe(0);
  });
});
