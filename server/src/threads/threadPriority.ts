import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the calling worker thread's CPU priority to `nice` (1 to 19), so that on a busy
 * machine the event loop, which serves every client, gets the CPU before a thread working
 * through a big board. Linux only (a thread is a task with its own id there, read from
 * /proc); elsewhere, or when refused, the thread keeps its priority.
 */
export function lowerThreadPriority(nice: number): void {
  try {
    const task = /\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1];
    if (task) setPriority(Number(task), nice);
  } catch {
    // not Linux, or not allowed: no harm, only less headroom for the event loop
  }
}
