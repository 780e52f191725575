/**
 * Every keyboard and pointer shortcut of the board, in one list the `?` sheet draws from.
 * To add one: add an entry here (and its handler where it belongs). Entries marked
 * `coming` are being built now; the sheet shows them with a "soon" tag until the flag is
 * dropped, so this list never promises what the board does not do without saying so.
 */
export const SHORTCUT_GROUPS = ['Edit', 'Select', 'Arrange', 'Text', 'View', 'Help'] as const;
export type ShortcutGroup = (typeof SHORTCUT_GROUPS)[number];

/**
 * A key as written in `keys`: `Mod` is Ctrl (⌘ on a Mac), `Alt` is Alt (⌥ on a Mac);
 * the rest are shown as written. Pointer gestures (Click, Drag…) are written as keys.
 */
export type Key = string;

export interface Shortcut {
  /** What it does, as a short imperative. */
  action: string;
  /** Each entry is one way to do it: keys pressed together. */
  keys: readonly (readonly Key[])[];
  group: ShortcutGroup;
  /** Being built by another change: shown with a "soon" tag. */
  coming?: true;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { group: 'Edit', action: 'Undo', keys: [['Mod', 'Z']] },
  {
    group: 'Edit',
    action: 'Redo',
    keys: [
      ['Mod', 'Shift', 'Z'],
      ['Mod', 'Y'],
    ],
  },
  { group: 'Edit', action: 'Delete the selection', keys: [['Delete'], ['Backspace']] },
  { group: 'Edit', action: 'Copy', keys: [['Mod', 'C']] },
  { group: 'Edit', action: 'Cut', keys: [['Mod', 'X']] },
  { group: 'Edit', action: 'Paste', keys: [['Mod', 'V']] },
  { group: 'Edit', action: 'Duplicate', keys: [['Mod', 'D']] },
  { group: 'Edit', action: 'Add the best match of the component search', keys: [['Enter']] },

  {
    group: 'Select',
    action: 'Add to or take from the selection',
    keys: [
      ['Shift', 'Click'],
      ['Mod', 'Click'],
    ],
  },
  { group: 'Select', action: 'Select an area', keys: [['Shift', 'Drag']] },
  { group: 'Select', action: 'Select everything', keys: [['Mod', 'A']] },
  { group: 'Select', action: 'Clear the selection', keys: [['Click empty canvas']] },

  // The canvas's context menu (canvas/editing/ContextMenu.tsx) holds these, with no keys of their own.
  {
    group: 'Arrange',
    action: 'Align, distribute, bring to front, send to back, auto-layout',
    keys: [['Right-click the selection']],
  },
  { group: 'Arrange', action: 'Paste where the pointer is', keys: [['Right-click empty canvas']] },
  { group: 'Arrange', action: 'Move the selection a grid step', keys: [['Arrow keys']] },
  { group: 'Arrange', action: 'Move it four steps', keys: [['Shift', 'Arrow keys']] },

  { group: 'Text', action: 'Rename a component, note or connection', keys: [['Double-click']] },
  { group: 'Text', action: 'Write text on the canvas', keys: [['Double-click empty canvas']] },
  { group: 'Text', action: 'Finish editing', keys: [['Enter']] },
  { group: 'Text', action: 'New line in a note', keys: [['Shift', 'Enter']] },
  { group: 'Text', action: 'Cancel editing', keys: [['Escape']] },

  { group: 'View', action: 'Pan', keys: [['Drag empty canvas'], ['Space', 'Drag']] },
  { group: 'View', action: 'Zoom', keys: [['Scroll'], ['Pinch']] },
  { group: 'View', action: 'Zoom in', keys: [['Mod', '+']] },
  { group: 'View', action: 'Zoom out', keys: [['Mod', '-']] },
  { group: 'View', action: 'Zoom to 100 %', keys: [['Mod', '0']] },
  { group: 'View', action: 'Fit the whole board', keys: [['Shift', '1']] },
  { group: 'View', action: 'Zoom to the selection', keys: [['Shift', '2']] },

  { group: 'Help', action: 'Show these shortcuts', keys: [['?']] },
  { group: 'Help', action: 'Close a dialog or menu', keys: [['Escape']] },
];

const MAC_KEYS: Record<Key, string> = { Mod: '⌘', Alt: '⌥', Shift: '⇧' };
const OTHER_KEYS: Record<Key, string> = { Mod: 'Ctrl' };

/** How a key is labelled on this platform. */
export const keyLabel = (key: Key, mac: boolean): string => (mac ? MAC_KEYS : OTHER_KEYS)[key] ?? key;

export const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
