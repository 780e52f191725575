import { inTextField } from '../../inTextField';

/** How long keys are held for a label that never shows (its node was not drawn). */
const HOLD_MS = 3000;

/**
 * What is typed for a label between the request to open it and its field taking the focus:
 * the node is not drawn yet (a React render, then a frame or two while React Flow measures
 * it, longer on a busy machine), and a quick hand types on at once. Held from the request,
 * not from the field's mount, so nothing typed in between is lost or taken for a shortcut.
 */
export class EarlyKeys {
  private text = '';
  /**
   * Escape or Enter pressed meanwhile, or a press elsewhere (as a blur would, that keeps
   * what was typed): the editing was ended before it could start.
   */
  private ending: 'Escape' | 'Enter' | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor() {
    window.addEventListener('keydown', this.keep, true);
    window.addEventListener('pointerdown', this.away, true);
    this.timer = setTimeout(this.stop, HOLD_MS);
  }

  /** Stops holding keys; what was typed, and the key that ended it if one did. */
  take(): { text: string; ending: 'Escape' | 'Enter' | undefined } {
    this.stop();
    return { text: this.text, ending: this.ending };
  }

  readonly stop = (): void => {
    clearTimeout(this.timer);
    window.removeEventListener('keydown', this.keep, true);
    window.removeEventListener('pointerdown', this.away, true);
  };

  private readonly away = (): void => {
    this.ending ??= 'Enter';
    this.stop();
  };

  private readonly keep = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || inTextField(event.target)) return;
    if (event.key.length === 1) this.text += event.key;
    else if (event.key === 'Backspace') this.text = this.text.slice(0, -1);
    else if (event.key === 'Escape' || (event.key === 'Enter' && !event.shiftKey)) {
      this.ending = event.key;
      this.stop();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };
}

/**
 * Nodes whose label should open for typing as soon as they are drawn: a text label made by
 * a double-click on the canvas is written into at once, as in Excalidraw and tldraw. The
 * one who made it asks here (and keys are held from then on); the node takes the request
 * when it mounts.
 */
const requested = new Map<string, EarlyKeys>();

export function requestLabelEdit(id: string): void {
  requested.get(id)?.stop();
  requested.set(id, new EarlyKeys());
}

/** The keys held for the node's label if it was asked to open; read when the node first renders. */
export const labelEditRequested = (id: string): EarlyKeys | undefined => requested.get(id);

/** Forgets the request once the node has mounted with it. */
export const forgetLabelEdit = (id: string): void => void requested.delete(id);
