import { useId, useState, type FormEvent } from 'react';
import { cleanName, initials, MAX_NAME_LENGTH, saveLocalUser, USER_COLORS, type LocalUser } from './localUser';
import '../chrome/chrome.css';

const COLOR_NAMES: Record<string, string> = {
  '#e8590c': 'Orange',
  '#2f9e44': 'Green',
  '#1c7ed6': 'Blue',
  '#ae3ec9': 'Purple',
  '#d6336c': 'Pink',
  '#0c8599': 'Teal',
  '#f08c00': 'Amber',
  '#5f3dc4': 'Violet',
};

interface NameDialogProps {
  user: LocalUser;
  /**
   * `prompt`: the first-visit strip under the header. Not modal, takes no focus and
   * covers nothing, so someone who only came to look (or a test) can ignore it.
   * `popover`: opened from the avatar, under it, with the name field focused.
   */
  variant: 'prompt' | 'popover';
  /** Called after Save, after "Keep" on the prompt, and on Cancel or Escape. */
  onClose(): void;
}

/**
 * How others see this person: a name and a colour, kept in this browser (localUser.ts).
 * Saving marks the name as chosen, so the first-visit prompt does not come back; the
 * board workspace publishes the change to awareness at once.
 */
export function NameDialog({ user, variant, onClose }: NameDialogProps) {
  const [name, setName] = useState(user.name);
  // The stored colour until a swatch is clicked: an unpicked one may move meanwhile (distinctColor.ts).
  const [clicked, setColor] = useState<string>();
  const color = clicked ?? user.color;
  const titleId = useId();
  const cleaned = cleanName(name);
  const prompt = variant === 'prompt';

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!cleaned) return;
    saveLocalUser({ name: cleaned, color }, { chosen: true });
    onClose();
  };
  const keep = () => {
    saveLocalUser(user, { chosen: true });
    onClose();
  };

  return (
    <form
      className={`name-dialog name-dialog--${variant}`}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="name-dialog"
      onSubmit={save}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        if (prompt) keep();
        else onClose();
      }}
    >
      <span className="avatar name-dialog__preview" style={{ background: color }} aria-hidden="true">
        {initials(cleaned || user.name)}
      </span>
      <div className="name-dialog__fields">
        <label id={titleId} className="name-dialog__title" htmlFor={`${titleId}-input`}>
          {prompt ? 'What should others on this board call you?' : 'Your name and colour'}
        </label>
        <div className="name-dialog__row">
          <input
            id={`${titleId}-input`}
            className="name-dialog__input"
            value={name}
            maxLength={MAX_NAME_LENGTH}
            autoComplete="nickname"
            spellCheck={false}
            placeholder="Your name"
            // Only when asked for: the first-visit prompt must not take the keyboard from the canvas.
            autoFocus={!prompt}
            onFocus={(event) => !prompt && event.currentTarget.select()}
            onChange={(event) => setName(event.target.value)}
            data-testid="name-input"
          />
          <div className="name-dialog__swatches" role="radiogroup" aria-label="Colour">
            {USER_COLORS.map((option) => (
              <button
                key={option}
                type="button"
                role="radio"
                aria-checked={option === color}
                aria-label={COLOR_NAMES[option] ?? option}
                title={COLOR_NAMES[option] ?? option}
                className={`name-dialog__swatch${option === color ? ' is-active' : ''}`}
                style={{ background: option }}
                data-testid={`color-${option.slice(1)}`}
                onClick={() => setColor(option)}
              />
            ))}
          </div>
        </div>
      </div>
      <div className="name-dialog__actions">
        {prompt ? (
          <button type="button" className="button button--ghost button--small" onClick={keep} data-testid="name-keep">
            Keep “{user.name}”
          </button>
        ) : (
          <button type="button" className="button button--ghost button--small" onClick={onClose}>
            Cancel
          </button>
        )}
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={!cleaned}
          data-testid="name-save"
        >
          Save
        </button>
      </div>
    </form>
  );
}
