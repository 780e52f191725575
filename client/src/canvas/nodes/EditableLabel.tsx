import { useState, type KeyboardEvent } from 'react';
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
}: EditableLabelProps) {
  // The text when editing started, or null when not editing.
  const [before, setBefore] = useState<string | null>(null);
  const classes = `editable-label ${className ?? ''}`;
  if (before === null) {
    return (
      <div
        className={`${classes} ${value ? '' : 'editable-label--empty'}`}
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
      onFinish={() => {
        onEditBoundary?.();
        setBefore(null);
      }}
      multiline={multiline}
      placeholder={placeholder}
      className={classes}
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
}: {
  value: string;
  before: string;
  onChange(next: string): void;
  onFinish(): void;
  multiline?: boolean;
  placeholder?: string;
  className: string;
}) {
  const { ref, onSelect, onChange: keepCaret } = useCaretKeeper<HTMLInputElement & HTMLTextAreaElement>(value);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      onChange(before);
      onFinish();
    } else if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
      event.preventDefault();
      onFinish();
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
    onBlur: onFinish,
    onKeyDown,
  };
  return multiline ? (
    <textarea {...shared} onChange={(event) => type(event.target.value)} />
  ) : (
    <input {...shared} onChange={(event) => type(event.target.value)} />
  );
}
