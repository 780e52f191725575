import { pino } from 'pino';
import type { BoardId, Role } from '@archboard/shared';
import type { SocketLike } from '../transport/SocketLike';
import { Connection } from './Connection';

/** For unit tests of rooms: limits no test reaches unless it means to. */
export const TEST_LIMITS = {
  maxMessageBytes: 1 << 20,
  maxMessagesPerSecond: 1000,
  maxQueuedBeforeLoad: 10,
  sendHighWaterBytes: 1 << 24,
};

/** A connection over a socket that sends nowhere; `closes` collects the codes it was closed with. */
export function recordingConnection(board: BoardId, role: Role = 'edit'): { conn: Connection; closes: number[] } {
  const closes: number[] = [];
  const socket: SocketLike = {
    send: () => {},
    close: (code) => void closes.push(code),
    bufferedAmount: 0,
    isOpen: true,
  };
  return { conn: new Connection(socket, board, role, TEST_LIMITS, pino({ level: 'silent' })), closes };
}
