import { useViewport } from '@xyflow/react';
import type { BoardSession } from '../sync/BoardSession';
import { usePeers } from './usePeers';

/**
 * Other people's pointers, converted from flow to screen coordinates with the current
 * viewport, so the arrow and the name tag keep their size at any zoom.
 */
export function RemoteCursors({ session }: { session: BoardSession }) {
  const peers = usePeers(session);
  const { x, y, zoom } = useViewport();
  return (
    <div className="remote-cursors" aria-hidden="true">
      {peers.map((peer) =>
        peer.cursor ? (
          <div
            key={peer.clientId}
            className="remote-cursor"
            style={{ transform: `translate(${peer.cursor.x * zoom + x}px, ${peer.cursor.y * zoom + y}px)` }}
            data-testid="remote-cursor"
          >
            <svg width="18" height="20" viewBox="0 0 18 20">
              <path
                d="M1.5 1.5 16 9.2l-6.4 1.6-3 6.9z"
                fill={peer.user.color}
                stroke="#fff"
                strokeWidth="1.5"
                strokeLinejoin="round"
              />
            </svg>
            <span className="remote-cursor__name" style={{ background: peer.user.color }}>
              {peer.user.name}
            </span>
          </div>
        ) : null,
      )}
    </div>
  );
}
