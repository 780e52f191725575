import { useState } from 'react';
import {
  capacityRow,
  catalogEntry,
  nodeSettings,
  setEdgeProps,
  setNodeProps,
  settingsFor,
  type BoardEdge,
  type EdgeProps,
  type NodeProps,
} from '@archboard/shared';
import { useViewState, useViewStore } from '../canvas/ViewStoreContext';
import { useEdgeEstimate } from './ReviewContext';
import type { BoardContent } from '../sync/boardContent';
import type { BoardSession } from '../sync/BoardSession';

type NumberName = 'instances' | 'capacityRps' | 'shards' | 'partitions' | 'rps' | 'payloadKB' | 'fanOut';

const LABELS: Record<NumberName | 'multiAz' | 'public', string> = {
  instances: 'Instances',
  multiAz: 'Multi-AZ',
  public: 'Internet-facing',
  capacityRps: 'Requests/s each can take',
  shards: 'Shards',
  partitions: 'Partitions',
  rps: 'Requests/s',
  payloadKB: 'Payload (KB)',
  fanOut: 'Fan-out ×',
};

const WHOLE: ReadonlySet<NumberName> = new Set(['instances', 'shards', 'partitions']);
const PUB_SUB = new Set(['aws.sns', 'aws.eventbridge']);

/**
 * The settings of the one selected node (instances, Multi-AZ, capacity…) or the traffic
 * figures of the one selected edge, which the design review reads. An empty field means
 * the catalogue's default, shown as its placeholder. View-only pages see them disabled.
 */
export function PropertiesPanel({ session, board }: { session: BoardSession; board: BoardContent }) {
  const view = useViewState(useViewStore());
  const nodeId = view.selectedNodes.size === 1 ? [...view.selectedNodes][0] : undefined;
  const edgeId =
    view.selectedNodes.size === 0 && view.selectedEdges.size === 1 ? [...view.selectedEdges][0] : undefined;
  const node = nodeId === undefined ? undefined : board.nodes.find((n) => n.id === nodeId);
  const edge = edgeId === undefined ? undefined : board.edges.find((e) => e.id === edgeId);
  if (node && settingsFor(node.kind).length > 0) return <NodeProperties session={session} node={node} />;
  if (edge) return <EdgeProperties session={session} edge={edge} board={board} />;
  return null;
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section
      className="properties-panel nodrag nopan"
      aria-label={`${title} properties`}
      data-testid="properties-panel"
    >
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function NodeProperties({ session, node }: { session: BoardSession; node: BoardContent['nodes'][number] }) {
  const settings = nodeSettings(node);
  const set = (patch: { [K in keyof NodeProps]?: NodeProps[K] | null }) =>
    setNodeProps(session.doc, node.id, patch, session.origin);
  const row = capacityRow(node.kind);
  return (
    <Panel title={node.label || catalogEntry(node.kind)?.label || 'Component'}>
      {settingsFor(node.kind).map((name) =>
        name === 'multiAz' || name === 'public' ? (
          <label key={name} className="properties-panel__check">
            <input
              type="checkbox"
              checked={settings[name] ?? false}
              disabled={session.readOnly}
              data-testid={`prop-${name}`}
              onChange={(event) => set({ [name]: event.target.checked })}
            />
            {LABELS[name]}
          </label>
        ) : (
          <NumberField
            key={`${node.id}:${name}`}
            name={name}
            value={node.props?.[name]}
            placeholder={
              name === 'capacityRps'
                ? row?.rps !== undefined
                  ? row.rps.toLocaleString('en-US')
                  : 'no limit'
                : String(settings[name] ?? '')
            }
            disabled={session.readOnly}
            onCommit={(value) => set({ [name]: value })}
          />
        ),
      )}
    </Panel>
  );
}

function EdgeProperties({ session, edge, board }: { session: BoardSession; edge: BoardEdge; board: BoardContent }) {
  const source = board.nodes.find((n) => n.id === edge.source);
  const names: (keyof EdgeProps)[] = [
    'rps',
    'payloadKB',
    ...(source && PUB_SUB.has(source.kind) ? ['fanOut' as const] : []),
  ];
  // Unset, an edge carries what the load estimate sends down it: shown as the placeholder.
  const estimated = useEdgeEstimate(edge.id);
  return (
    <Panel title={edge.label || 'Connection'}>
      {names.map((name) => (
        <NumberField
          key={`${edge.id}:${name}`}
          name={name}
          value={edge.props?.[name]}
          placeholder={
            name !== 'rps' ? '1' : estimated === undefined ? 'none' : Math.round(estimated).toLocaleString('en-US')
          }
          hint={name === 'rps' ? 'Empty: what the load estimate sends down this connection' : undefined}
          disabled={session.readOnly}
          onCommit={(value) => setEdgeProps(session.doc, edge.id, { [name]: value }, session.origin)}
        />
      ))}
    </Panel>
  );
}

/**
 * A number setting, written when the field is left or Enter is pressed (not per
 * keystroke). Empty clears the setting; a value the setting cannot take is refused by the
 * operation, and the field goes back to the stored value and says so.
 */
function NumberField({
  name,
  value,
  placeholder,
  hint,
  disabled,
  onCommit,
}: {
  name: NumberName;
  value: number | undefined;
  placeholder: string;
  /** What an empty field means, as the field's tooltip. */
  hint?: string | undefined;
  disabled: boolean;
  onCommit(value: number | null): { ok: boolean };
}) {
  const stored = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const commit = () => {
    if (draft === null || draft.trim() === stored) return setDraft(null);
    const text = draft.trim().replace(/,/g, '');
    const number = text === '' ? null : Number(text);
    const result = number !== null && Number.isNaN(number) ? { ok: false } : onCommit(number);
    setInvalid(!result.ok);
    setDraft(null);
  };
  return (
    <label className={`properties-panel__field${invalid ? ' is-invalid' : ''}`}>
      <span>{LABELS[name]}</span>
      <input
        type="text"
        inputMode={WHOLE.has(name) ? 'numeric' : 'decimal'}
        value={draft ?? stored}
        placeholder={placeholder}
        disabled={disabled}
        data-testid={`prop-${name}`}
        aria-invalid={invalid}
        title={
          invalid ? `${LABELS[name]} must be ${WHOLE.has(name) ? 'a whole number from 1' : 'a positive number'}` : hint
        }
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') {
            setDraft(null);
            setInvalid(false);
          }
        }}
      />
    </label>
  );
}
