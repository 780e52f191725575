/**
 * Nodes whose label should open for typing as soon as they are drawn: a text label made by
 * a double-click on the canvas is written into at once, as in Excalidraw and tldraw. The
 * one who made it asks here; the node takes the request when it mounts.
 */
const requested = new Set<string>();

export const requestLabelEdit = (id: string): void => void requested.add(id);

/** Whether the node's label was asked to open; read when the node first renders. */
export const labelEditRequested = (id: string): boolean => requested.has(id);

/** Forgets the request once the node has mounted with it. */
export const forgetLabelEdit = (id: string): void => void requested.delete(id);
