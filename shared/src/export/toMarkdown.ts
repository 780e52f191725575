import { catalogByLayer, catalogEntry, isFreeText } from '../catalog/catalog';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { displayLabel } from '../geometry/nodeGeometry';
import type { Board } from '../read/readBoard';
import { estimateLoad } from '../review/estimate';
import { edgeFigures, formatCount } from '../review/figures';
import { lintBoard, openFindings } from '../review/lint';
import type { BoardNode } from '../schema/nodeRecord';
import { markdownBlock as block, markdownImage, markdownInline as inline } from './markdownText';
import { EDGE_LOOK } from './theme';

export interface MarkdownOptions {
  /** Where the diagram image is: a URL or a file name beside the document. */
  diagramUrl: string;
}

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
    markdownImage(`Diagram: ${board.title}`, options.diagramUrl),
    '',
  ];

  out.push(...designQuestionsMarkdown(board));

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
      const figures = edgeFigures(edge.props);
      const traffic = `${EDGE_LOOK[edge.style].label}${edge.twoWay ? ', both ways' : ''}${figures ? `, ${figures}` : ''}`;
      out.push(`| ${inline(displayLabel(from))} | ${inline(displayLabel(to))} | ${traffic} | ${inline(edge.label)} |`);
    }
    out.push('');
  }
  out.push(...designReview(board, byId));
  return `${out.join('\n').trimEnd()}\n`;
}

/** The guide's design questions with the board's answers, as a `## Design questions` section. */
export function designQuestionsMarkdown(board: Board): string[] {
  const out = ['## Design questions', ''];
  DESIGN_QUESTIONS.forEach((q, i) => {
    const answer = board.answers[q.id]?.trim();
    out.push(`### ${i + 1}. ${inline(q.text)}`, '', answer ? block(answer) : '_Not answered yet._', '');
  });
  return out;
}

/** The design review's open findings and bottlenecks, when there are any. */
function designReview(board: Board, byId: Map<string, BoardNode>): string[] {
  const findings = openFindings(lintBoard(board), board.dismissals);
  const estimate = estimateLoad(board);
  if (findings.length === 0 && estimate.bottlenecks.length === 0) return [];
  const out = ['## Design review', ''];
  if (findings.length > 0) {
    out.push('### Open findings', '');
    for (const f of findings)
      out.push(
        `- **${f.severity}** ${inline(f.message)}. ${inline(f.suggestion)} _(guide, line ${f.guide.line}: “${inline(f.guide.quote)}”)_`,
      );
    out.push('');
  }
  if (estimate.bottlenecks.length > 0) {
    // Traffic that starts on an inner edge ('inner') has no entry to name.
    const atEntry = estimate.entrySource === 'q5' || estimate.entrySource === 'edges';
    const at =
      atEntry && estimate.entryRps > 0
        ? `At ${formatCount(estimate.entryRps)} requests per second at the entry:`
        : 'With the traffic set on the edges:';
    out.push('### Bottlenecks', '', at, '');
    for (const { node, utilisation } of estimate.bottlenecks) {
      const load = estimate.nodes[node];
      const name = byId.get(node);
      out.push(
        `- ${name ? nodeName(name) : inline(node)}: ${Math.round(utilisation * 100)} % of capacity (${formatCount(load?.load ?? 0)} of ${formatCount(load?.capacity ?? 0)} requests/s)`,
      );
    }
    out.push('');
  }
  return out;
}
