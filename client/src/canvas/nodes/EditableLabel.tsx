import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EarlyKeys } from './labelEditRequests';
import { useCaretKeeper } from '../../useCaretKeeper';

interface EditableLabelProps {
  value: string;
  editable: boolean;
  /** Called on every keystroke: the label is a Y.Text, so others see the typing live. */
  onChange(next: string): void;
  /** Called when editing starts and ends, to make one rename one undo step. */
  onEditBoundary?(): void;
  multiline?: boolean;
  placeholder?: string;
  className?: string;
  /**
   * Open for typing from the first render (a text label just made by a double-click), with
   * what was typed since it was asked for.
   */
  editOnMount?: EarlyKeys | undefined;
  /** Called when editing ends, with the label as it is then. */
  onFinished?(label: string): void;
}

/**
 * A label that turns into a text field on double-click. Enter (or leaving the field)
 * finishes; Escape puts back the text it had when editing started. The field is
 * controlled by the document's value, so a collaborator's concurrent typing shows up in it.
 * Every node has a label, so the label at rest keeps little (one state, one handler):
 * the field and its caret keeping exist only while editing.
 */
export function EditableLabel({
  value,
  editable,
  onChange,
  onEditBoundary,
  multiline,
  placeholder,
  className,
  editOnMount,
  onFinished,
}: EditableLabelProps) {
  // The text when editing started, or null when not editing.
  const [before, setBefore] = useState<string | null>(() => (editOnMount && editable ? value : null));
  const classes = `editable-label ${className ?? ''}`;
  if (before === null) {
    return (
      <div
        className={`${classes} editable-label--idle${value ? '' : ' editable-label--empty'}`}
        data-testid="node-label"
        onDoubleClick={(event) => {
          event.stopPropagation();
          if (!editable) return;
          onEditBoundary?.();
          setBefore(value);
        }}
        title={editable ? 'Double-click to rename' : undefined}
      >
        {value || placeholder}
      </div>
    );
  }
  return (
    <LabelField
      value={value}
      before={before}
      onChange={onChange}
      onFinish={(label) => {
        onEditBoundary?.();
        setBefore(null);
        onFinished?.(label);
      }}
      multiline={multiline}
      placeholder={placeholder}
      className={classes}
      focusWhenShown={editOnMount}
    />
  );
}

function LabelField({
  value,
  before,
  onChange,
  onFinish,
  multiline,
  placeholder,
  className,
  focusWhenShown,
}: {
  value: string;
  before: string;
  /**
   * Focus it once it can be (a node just added is hidden until React Flow has measured it,
   * and autoFocus misses), and put in what was typed meanwhile.
   */
  focusWhenShown: EarlyKeys | undefined;
  onChange(next: string): void;
  onFinish(label: string): void;
  multiline?: boolean;
  placeholder?: string;
  className: string;
}) {
  const { ref, onSelect, onChange: keepCaret } = useCaretKeeper<HTMLInputElement & HTMLTextAreaElement>(value);
  const latestChange = useRef(onChange);
  useEffect(() => {
    latestChange.current = onChange;
  });
  /** Escape puts back the text from before; Enter keeps `text`. */
  const end = (key: 'Escape' | 'Enter', text: string) => {
    if (key === 'Escape') {
      onChange(before);
      onFinish(before);
    } else onFinish(text);
  };
  const latestEnd = useRef(end);
  useEffect(() => {
    latestEnd.current = end;
  });
  useEffect(() => {
    const early = focusWhenShown;
    if (!early) return;
    let frame = 0;
    let tries = 0;
    const tryFocus = () => {
      const field = ref.current;
      if (!field) return early.stop();
      if (document.activeElement !== field) field.focus();
      if (document.activeElement === field) {
        const { text, ending } = early.take();
        if (text !== '') {
          field.value += text;
          field.setSelectionRange(field.value.length, field.value.length);
          keepCaret();
          latestChange.current(field.value);
        }
        if (ending) latestEnd.current(ending, field.value);
        return;
      }
      if (tries++ < 60) frame = requestAnimationFrame(tryFocus);
      else early.stop();
    };
    frame = requestAnimationFrame(tryFocus);
    return () => {
      cancelAnimationFrame(frame);
      early.stop();
    };
  }, [focusWhenShown, ref, keepCaret]);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    event.stopPropagation();
    if (event.key === 'Escape') end('Escape', value);
    else if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
      event.preventDefault();
      end('Enter', value);
    }
  };

  const type = (next: string) => {
    keepCaret();
    onChange(next);
  };

  const shared = {
    ref,
    onSelect,
    className: `${className} editable-label--editing nodrag nopan nowheel`,
    value,
    placeholder,
    autoFocus: true,
    spellCheck: false,
    'data-testid': 'node-label-input',
    onFocus: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => event.currentTarget.select(),
    onBlur: () => onFinish(value),
    onKeyDown,
  };
  return multiline ? (
    <textarea {...shared} onChange={(event) => type(event.target.value)} />
  ) : (
    <input {...shared} onChange={(event) => type(event.target.value)} />
  );
}

/**
 * Opens the label of a node for typing, as a double-click on the label itself does: for a
 * double-click anywhere else on the node (a service's icon, the empty part of a shape), as
 * draw.io, Excalidraw and tldraw rename a shape. Whether the node has a label to open.
 */
export function editLabelOf(node: Element): boolean {
  const label = node.querySelector('.editable-label--idle');
  label?.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, cancelable: true }));
  return label !== null;
}
