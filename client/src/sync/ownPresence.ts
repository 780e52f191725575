import * as awarenessProtocol from 'y-protocols/awareness';
import * as bc from 'lib0/broadcastchannel';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { MESSAGE } from '@archboard/shared';

/** WebSocket.OPEN (not read from the global: tests run on Node 20, which has none). */
const OPEN = 1;

/**
 * Makes a provider send only its own presence. y-websocket sends every awareness change it
 * applies, other people's included, so in a room of N people each presence update comes
 * back to the server N − 1 times (which drops them: their clocks are not new). With a server
 * in the middle nobody needs those echoes. Returns what removes it (with the provider).
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): () => void {
  const { awareness } = provider;
  const own: typeof provider._awarenessUpdateHandler = ({ added, updated, removed }) => {
    const me = awareness.clientID;
    if (!added.includes(me) && !updated.includes(me) && !removed.includes(me)) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [me]));
    const frame = encoding.toUint8Array(encoder);
    // where y-websocket sends its own: the socket when open, and the browser's other tabs
    if (provider.wsconnected && provider.ws?.readyState === OPEN) provider.ws.send(frame);
    if (provider.bcconnected) bc.publish(provider.bcChannel, frame, provider);
  };
  awareness.off('update', provider._awarenessUpdateHandler);
  awareness.on('update', own);
  return () => awareness.off('update', own);
}
