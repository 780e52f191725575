import { catalogByLayer, catalogEntry, isFreeText } from '../catalog/catalog';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { displayLabel } from '../geometry/nodeGeometry';
import type { Board } from '../read/readBoard';
import type { BoardNode } from '../schema/nodeRecord';
import { EDGE_LOOK } from './theme';

const URL_ESCAPES: Record<string, string> = { ' ': '%20', '(': '%28', ')': '%29' };

export interface MarkdownOptions {
  /** Where the diagram image is: a URL or a file name beside the document. */
  diagramUrl: string;
}

/** Inline text from the board: Markdown and HTML syntax neutralised, so a label cannot become a link or a tag. */
const inline = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^#/, '\\#')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** A block of free text (an answer, a note): its lines kept, each escaped like inline text. */
const block = (text: string): string =>
  text
    .split('\n')
    .map((line) => inline(line))
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('  \n')
    .trim();

function nodeName(node: BoardNode): string {
  const entry = catalogEntry(node.kind);
  const label = displayLabel(node);
  return entry && label !== entry.label ? `**${inline(label)}** (${entry.label})` : `**${inline(label)}**`;
}

/**
 * The design document an interview pair or a design review hands on: the title, the
 * diagram, the guide's design questions with the board's answers, the components by the
 * guide's layers, and every connection. Deterministic, like every export.
 */
export function toMarkdown(board: Board, options: MarkdownOptions): string {
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const out: string[] = [
    `# ${inline(board.title)}`,
    '',
    `![Diagram: ${inline(board.title)}](${options.diagramUrl.replace(/[ ()]/g, (c) => URL_ESCAPES[c]!)})`,
    '',
  ];

  out.push('## Design questions', '');
  DESIGN_QUESTIONS.forEach((q, i) => {
    const answer = board.answers[q.id]?.trim();
    out.push(`### ${i + 1}. ${inline(q.text)}`, '', answer ? block(answer) : '_Not answered yet._', '');
  });

  out.push('## Components', '');
  // Notes and text labels are words on the board, not components: they go under Notes.
  const freeText = (n: BoardNode) => {
    const entry = catalogEntry(n.kind);
    return entry !== undefined && isFreeText(entry);
  };
  const components = board.nodes.filter((n) => !freeText(n));
  if (components.length === 0) out.push('_The diagram has no components yet._', '');
  for (const { layer, entries } of catalogByLayer()) {
    const kinds = new Set(entries.map((e) => e.id));
    const inLayer = components.filter((n) => kinds.has(n.kind));
    if (inLayer.length === 0) continue;
    out.push(`### ${layer}`, '');
    for (const node of inLayer) {
      const parent = node.parent ? byId.get(node.parent) : undefined;
      out.push(`- ${nodeName(node)}${parent ? ` — in ${inline(displayLabel(parent))}` : ''}`);
      if (node.notes?.trim()) out.push(`  ${block(node.notes).replace(/\n/g, '\n  ')}`);
    }
    out.push('');
  }

  const notes = board.nodes.filter((n) => freeText(n) && n.label.trim() !== '');
  if (notes.length > 0) {
    out.push('## Notes', '');
    for (const note of notes) out.push(`> ${block(note.label).replace(/\n/g, '\n> ')}`, '');
  }

  out.push('## Connections', '');
  if (board.edges.length === 0) out.push('_No connections yet._', '');
  else {
    out.push('| From | To | Traffic | Label |', '| --- | --- | --- | --- |');
    for (const edge of board.edges) {
      const from = byId.get(edge.source);
      const to = byId.get(edge.target);
      if (!from || !to) continue;
      const traffic = `${EDGE_LOOK[edge.style].label}${edge.twoWay ? ', both ways' : ''}`;
      out.push(`| ${inline(displayLabel(from))} | ${inline(displayLabel(to))} | ${traffic} | ${inline(edge.label)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
