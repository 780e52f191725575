import { createContext, useContext } from 'react';

/**
 * True while the canvas shows something that must not be edited even by an editor: a
 * version from history. Node and edge components read it beside the session's role.
 */
export const CanvasReadOnlyContext = createContext(false);

export const useCanvasReadOnly = (): boolean => useContext(CanvasReadOnlyContext);
