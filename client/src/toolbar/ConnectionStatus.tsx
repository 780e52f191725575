import type { ConnectionState } from '../sync/ConnectionStore';
import { useSession } from '../sync/SessionContext';
import { useUnsynced } from '../sync/useUnsynced';

const TEXT: Record<ConnectionState, { label: string; hint: string }> = {
  connected: { label: 'Live', hint: 'Connected: changes are shared as you make them.' },
  connecting: { label: 'Connecting…', hint: 'Connecting to the server.' },
  reconnecting: {
    label: 'Reconnecting…',
    hint: 'Connection lost: your changes are kept and will be sent on reconnect.',
  },
  offline: {
    label: 'Offline',
    hint: 'Not connected: your changes are kept on this device and merge when back online.',
  },
};

const edits = (n: number) => (n === 1 ? '1 edit' : `${n} edits`);

/**
 * The coloured dot and word saying whether edits are reaching the server, and how many
 * of this tab's edits the server has not stored yet (`data-unsynced`). While connected
 * every edit is unsynced for a round trip, so the label only says "Syncing" once one
 * has waited noticeably longer (`stalled`).
 */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const { count, stalled } = useUnsynced(useSession());
  const text = TEXT[state];
  let label = text.label;
  let hint = text.hint;
  if (count > 0) {
    hint = `${hint} ${edits(count)} not yet saved on the server.`;
    if (state !== 'connected') label = `${label} · ${count} unsynced`;
    else if (stalled) label = `Syncing ${count}…`;
  }
  return (
    <div
      className={`connection-status connection-status--${state}`}
      data-testid="connection-status"
      data-state={state}
      data-unsynced={count}
      title={hint}
      role="status"
    >
      <span className="connection-status__dot" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
