import type { ConnectionState } from '../sync/ConnectionStore';

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

/** The coloured dot and word saying whether edits are reaching the server. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const { label, hint } = TEXT[state];
  return (
    <div
      className={`connection-status connection-status--${state}`}
      data-testid="connection-status"
      data-state={state}
      title={hint}
      role="status"
    >
      <span className="connection-status__dot" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
