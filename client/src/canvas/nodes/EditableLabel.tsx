import { useRef, useState, type KeyboardEvent } from 'react';
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
}

/**
 * A label that turns into a text field on double-click. Enter (or leaving the field)
 * finishes; Escape puts back the text it had when editing started. The field is
 * controlled by the document's value, so a collaborator's concurrent typing shows up in it.
 */
export function EditableLabel({
  value,
  editable,
  onChange,
  onEditBoundary,
  multiline,
  placeholder,
  className,
}: EditableLabelProps) {
  const [editing, setEditing] = useState(false);
  const before = useRef('');
  const { ref, onSelect, onChange: keepCaret } = useCaretKeeper<HTMLInputElement & HTMLTextAreaElement>(value);

  const start = () => {
    if (!editable) return;
    before.current = value;
    onEditBoundary?.();
    setEditing(true);
  };
  const finish = () => {
    onEditBoundary?.();
    setEditing(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      onChange(before.current);
      finish();
    } else if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
      event.preventDefault();
      finish();
    }
  };

  const type = (next: string) => {
    keepCaret();
    onChange(next);
  };

  const classes = `editable-label ${className ?? ''}`;
  if (!editing) {
    return (
      <div
        className={`${classes} ${value ? '' : 'editable-label--empty'}`}
        data-testid="node-label"
        onDoubleClick={(event) => {
          event.stopPropagation();
          start();
        }}
        title={editable ? 'Double-click to rename' : undefined}
      >
        {value || placeholder}
      </div>
    );
  }
  const shared = {
    ref,
    onSelect,
    className: `${classes} editable-label--editing nodrag nopan nowheel`,
    value,
    placeholder,
    autoFocus: true,
    spellCheck: false,
    'data-testid': 'node-label-input',
    onFocus: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => event.currentTarget.select(),
    onBlur: finish,
    onKeyDown,
  };
  return multiline ? (
    <textarea {...shared} onChange={(event) => type(event.target.value)} />
  ) : (
    <input {...shared} onChange={(event) => type(event.target.value)} />
  );
}
