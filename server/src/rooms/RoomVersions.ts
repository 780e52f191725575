import type { Logger } from 'pino';
import type { BoardId } from '@archboard/shared';
import type { HistoryService } from '../history/HistoryService';
import type { Connection } from './Connection';

/**
 * A room's automatic versions: one after `intervalMs` of activity and one when the last
 * person leaves, each listing who edited since the version before (those still here and
 * those who left, by their presence names).
 */
export class RoomVersions {
  private edited = false;
  private readonly editorConns = new Set<Connection>();
  private readonly editorNames = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private saved: Promise<void> = Promise.resolve();

  constructor(
    private readonly board: BoardId,
    private readonly history: { service: HistoryService; intervalMs: number } | undefined,
    /** The names people on a connection go by now. */
    private readonly namesOf: (conn: Connection) => string[],
    private readonly log: Logger,
  ) {}

  /** `conn` sent an edit: it is among the editors of the next version. */
  editedBy(conn: Connection): void {
    if (this.editorConns.has(conn)) return;
    this.editorConns.add(conn);
    this.remember(conn);
  }

  /**
   * Keeps an editor's names as soon as they are known (its presence changed), and when it
   * leaves: a leaving client clears its presence before its socket closes.
   */
  remember(conn: Connection): void {
    if (this.editorConns.has(conn)) this.namesOf(conn).forEach((name) => this.editorNames.add(name));
  }

  left(conn: Connection): void {
    this.remember(conn);
    this.editorConns.delete(conn);
  }

  /** An edit was stored: a version is due `intervalMs` from the first since the last. */
  noteEdit(state: () => Promise<Uint8Array>): void {
    this.edited = true;
    if (!this.history || this.timer) return;
    this.timer = setTimeout(() => this.keep('Autosave', state), this.history.intervalMs);
    this.timer.unref();
  }

  /** Who edited since the last automatic version: those still here and those who left. */
  editors(): string[] {
    return [...new Set([...this.editorNames, ...[...this.editorConns].flatMap((c) => this.namesOf(c))])];
  }

  /**
   * Keeps an automatic version when something was edited since the last one. The state is
   * asked at once, so the doc may be freed right after; the write goes on behind.
   */
  keep(name: string, state: () => Promise<Uint8Array>): void {
    this.stop();
    const history = this.history;
    if (!history || !this.edited) return;
    this.edited = false;
    const editors = this.editors();
    this.editorConns.clear();
    this.editorNames.clear();
    const saving = state().then((whole) => history.service.save(this.board, whole, { kind: 'auto', name, editors }));
    this.saved = Promise.all([this.saved, saving]).then(
      () => undefined,
      (e: unknown) => this.log.error({ board: this.board, err: e }, 'keeping an automatic version failed'),
    );
  }

  /** No version is due any more (the board was deleted, or its room closes). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves once every version asked for is written (or failed, logged). */
  settled(): Promise<void> {
    return this.saved;
  }
}
