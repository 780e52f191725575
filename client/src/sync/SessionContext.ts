import { createContext, useContext } from 'react';
import type { BoardSession } from './BoardSession';

export const SessionContext = createContext<BoardSession | null>(null);

/** The open board's session, for components rendered inside a board page. */
export function useSession(): BoardSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside of a board page');
  return session;
}
