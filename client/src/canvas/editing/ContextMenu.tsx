import { useEffect, useRef } from 'react';
import type { Editing } from './useEditing';
import './contextMenu.css';

export interface MenuAt {
  /** Where the menu opens, in screen coordinates. */
  x: number;
  y: number;
  /** What was right-clicked. */
  on: 'pane' | 'node' | 'edge';
  /** How many nodes the selection holds once the menu opened. */
  nodes: number;
  /** The same point on the canvas (flow coordinates): "Paste here". */
  flow: { x: number; y: number };
}

interface Item {
  id: string;
  label: string;
  keys?: string;
  run(): void;
  /** Shown only when true. */
  when?: boolean;
}

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/** The right-click menu of the canvas: what can be done here, with the keys that do it too. */
export function ContextMenu({ at, editing, onClose }: { at: MenuAt; editing: Editing; onClose(): void }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      if (event instanceof PointerEvent && root.current?.contains(event.target as Node)) return;
      onClose();
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('pointerdown', close, true);
    document.addEventListener('keydown', onKey);
    window.addEventListener('blur', close);
    return () => {
      document.removeEventListener('pointerdown', close, true);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', close);
    };
  }, [onClose]);

  const some = at.nodes > 0;
  const many = at.nodes > 1;
  const sections: Item[][] = [
    [
      { id: 'cut', label: 'Cut', keys: `${MOD}X`, run: () => void editing.copy(true), when: some },
      { id: 'copy', label: 'Copy', keys: `${MOD}C`, run: () => void editing.copy(), when: some },
      { id: 'paste', label: 'Paste here', keys: `${MOD}V`, run: () => void editing.paste(at.flow), when: true },
      { id: 'duplicate', label: 'Duplicate', keys: `${MOD}D`, run: editing.duplicate, when: some },
      { id: 'delete', label: 'Delete', keys: 'Del', run: editing.remove, when: some || at.on === 'edge' },
    ],
    [
      { id: 'front', label: 'Bring to front', run: editing.toFront, when: some },
      { id: 'back', label: 'Send to back', run: editing.toBack, when: some },
    ],
    [
      { id: 'align-left', label: 'Align left', run: () => editing.align('left'), when: many },
      { id: 'align-center', label: 'Align centres', run: () => editing.align('center'), when: many },
      { id: 'align-right', label: 'Align right', run: () => editing.align('right'), when: many },
      { id: 'align-top', label: 'Align top', run: () => editing.align('top'), when: many },
      { id: 'align-middle', label: 'Align middles', run: () => editing.align('middle'), when: many },
      { id: 'align-bottom', label: 'Align bottom', run: () => editing.align('bottom'), when: many },
      {
        id: 'distribute-h',
        label: 'Distribute horizontally',
        run: () => editing.distribute('horizontal'),
        when: at.nodes > 2,
      },
      {
        id: 'distribute-v',
        label: 'Distribute vertically',
        run: () => editing.distribute('vertical'),
        when: at.nodes > 2,
      },
    ],
    [
      {
        id: 'layout-lr',
        label: many ? 'Auto-layout selection, left to right' : 'Auto-layout board, left to right',
        run: () => editing.layout('LR', !many),
        when: true,
      },
      {
        id: 'layout-tb',
        label: many ? 'Auto-layout selection, top to bottom' : 'Auto-layout board, top to bottom',
        run: () => editing.layout('TB', !many),
        when: true,
      },
      { id: 'select-all', label: 'Select all', keys: `${MOD}A`, run: editing.selectAll, when: at.on === 'pane' },
    ],
  ]
    .map((items) => items.filter((i) => i.when !== false))
    .filter((items) => items.length > 0);

  // Kept inside the window: a menu opened near the right or bottom edge opens towards the middle.
  const style = {
    left: Math.min(at.x, window.innerWidth - 260),
    top: Math.min(at.y, window.innerHeight - 40 - 30 * sections.flat().length),
  };
  return (
    <div
      className="context-menu"
      role="menu"
      ref={root}
      style={style}
      data-testid="context-menu"
      onContextMenu={(e) => e.preventDefault()}
    >
      {sections.map((items, i) => (
        <div key={i} className="context-menu__section">
          {items.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              data-testid={`ctx-${item.id}`}
              onClick={() => {
                onClose();
                item.run();
              }}
            >
              <span>{item.label}</span>
              {item.keys && <kbd>{item.keys}</kbd>}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
