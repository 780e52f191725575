import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { catalogEntry } from '../catalog/catalog';
import { DESIGN_QUESTIONS } from '../catalog/questions';
import { dismissFinding } from '../ops/dismissals';
import { connect, setEdgeTwoWay } from '../ops/edges';
import { initBoard, setAnswer } from '../ops/meta';
import { addNode, setNodeNotes, type NewNode } from '../ops/nodes';
import type { Result } from '../ops/result';
import { readBoard } from '../read/readBoard';
import type { EdgeId, NodeId } from '../schema/ids';
import { toMarkdown } from './toMarkdown';

/*
 * MD-1: the Markdown design document holds the title, the 14 design questions with the
 * board's answers, the components under the guide's layers and a row per connection, and
 * no board text can turn into a link, an image or an HTML tag in it.
 */

const nid = (id: string) => id as NodeId;
const eid = (id: string) => id as EdgeId;
const LINK = '[x](javascript:alert(1))';
const IMG = '<img src=x onerror=alert(1)>';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const add = (doc: Y.Doc, input: NewNode) => value(addNode(doc, input));

function designDoc(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, `Checkout ${LINK}`, 0);
  add(doc, { id: nid('vpc'), kind: 'group.vpc', x: 0, y: 0, label: 'Prod VPC' });
  add(doc, { id: nid('api'), kind: 'aws.api-gateway', x: 10, y: 10, parent: nid('vpc') });
  add(doc, { id: nid('fn'), kind: 'aws.lambda', x: 150, y: 10, parent: nid('vpc'), label: LINK });
  add(doc, { id: nid('db'), kind: 'aws.dynamodb', x: 400, y: 10, label: IMG });
  add(doc, { id: nid('q'), kind: 'aws.sqs', x: 400, y: 200, label: 'Orders | queue' });
  add(doc, { id: nid('user'), kind: 'generic.user', x: -200, y: 10 });
  add(doc, { id: nid('memo'), kind: 'note', x: 0, y: 500, label: `Remember ${IMG}\nand *this*` });
  value(setNodeNotes(doc, nid('fn'), `Calls ${LINK}`));
  value(connect(doc, { id: eid('e1'), source: nid('user'), target: nid('api'), label: 'HTTPS' }));
  value(connect(doc, { id: eid('e2'), source: nid('api'), target: nid('fn') }));
  value(connect(doc, { id: eid('e3'), source: nid('fn'), target: nid('db'), style: 'data', label: IMG }));
  value(connect(doc, { id: eid('e4'), source: nid('fn'), target: nid('q'), style: 'async', label: 'a | b' }));
  value(setEdgeTwoWay(doc, eid('e4'), true));
  setAnswer(doc, 'q1', 'Consistency for payments');
  setAnswer(doc, 'q5', `Peak 10k rps\n\n\nsee ${LINK}`);
  setAnswer(doc, 'q12', IMG);
  return doc;
}

const render = () => toMarkdown(readBoard(designDoc()), { diagramUrl: 'diagram (1).svg' });

/** Text of a section: from its heading to the next heading of the same level. */
function section(md: string, heading: string): string {
  const level = heading.match(/^#+/)![0];
  const start = md.indexOf(`${heading}\n`);
  if (start === -1) throw new Error(`no section ${heading}`);
  const rest = md.slice(start + heading.length + 1);
  const end = rest.search(new RegExp(`^${level} `, 'm'));
  return end === -1 ? rest : rest.slice(0, end);
}

describe('MD-1 toMarkdown', () => {
  test('MD-1 the title, then the diagram', () => {
    const md = render();
    expect(md.split('\n')[0]).toBe('# Checkout \\[x\\](javascript:alert(1))');
    expect(md).toContain('![Diagram: Checkout \\[x\\](javascript:alert(1))](diagram%20%281%29.svg)');
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });

  test('MD-1 all 14 questions, each with its answer or "_Not answered yet._"', () => {
    const md = render();
    const questions = section(md, '## Design questions');
    expect(DESIGN_QUESTIONS).toHaveLength(14);
    const headings = [...questions.matchAll(/^### (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(headings).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    const body = (n: number) => section(questions, `### ${n}. ${DESIGN_QUESTIONS[n - 1]!.text}`).trim();
    expect(body(1)).toBe('Consistency for payments');
    expect(body(5)).toBe('Peak 10k rps  \n  \nsee \\[x\\](javascript:alert(1))');
    expect(body(12)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    for (const n of [2, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14]) expect(body(n)).toBe('_Not answered yet._');
  });

  test('MD-1 components are grouped under the catalogue layers, notes apart', () => {
    const md = render();
    const components = section(md, '## Components');
    const layers = [...components.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(layers).toEqual([
      'Edge / Ingress',
      'Compute',
      'Data Storage',
      'Messaging / Streaming',
      'Generic',
      'Network containers',
    ]);
    const under = (layer: string) => section(components, `### ${layer}`);
    expect(under('Edge / Ingress')).toContain('- **API Gateway** — in Prod VPC');
    expect(under('Compute')).toContain('- **\\[x\\](javascript:alert(1))** (Lambda) — in Prod VPC');
    expect(under('Compute')).toContain('  Calls \\[x\\](javascript:alert(1))');
    expect(under('Data Storage')).toContain('(DynamoDB)');
    expect(under('Messaging / Streaming')).toContain('- **Orders \\| queue** (');
    expect(under('Generic')).toContain('- **User**');
    expect(under('Network containers')).toContain('- **Prod VPC** (VPC)');
    for (const layer of layers) {
      const inLayer = readBoard(designDoc()).nodes.filter(
        (n) => catalogEntry(n.kind)?.layer === layer && catalogEntry(n.kind)?.shape !== 'note',
      );
      expect(under(layer!).match(/^- /gm)).toHaveLength(inLayer.length);
    }
    expect(components).not.toContain('Remember');
    expect(section(md, '## Notes')).toContain('> Remember &lt;img src=x onerror=alert(1)&gt;  \n> and \\*this\\*');
  });

  test('MD-1 a connections table row per edge', () => {
    const md = render();
    const rows = section(md, '## Connections')
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(rows[0]).toBe('| From | To | Traffic | Label |');
    expect(rows[1]).toBe('| --- | --- | --- | --- |');
    expect(rows.slice(2)).toEqual([
      '| User | API Gateway | Sync | HTTPS |',
      '| API Gateway | \\[x\\](javascript:alert(1)) | Sync |  |',
      '| \\[x\\](javascript:alert(1)) | &lt;img src=x onerror=alert(1)&gt; | Data | &lt;img src=x onerror=alert(1)&gt; |',
      '| \\[x\\](javascript:alert(1)) | Orders \\| queue | Async, both ways | a \\| b |',
    ]);
    // Every row has exactly the four cells: escaped pipes do not split one.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });

  test('MD-1 board text never becomes a link, an image or a tag', () => {
    const md = render();
    expect(md).not.toContain(LINK);
    expect(md).not.toContain(IMG);
    expect(md).not.toMatch(/<img/i);
    expect(md).not.toMatch(/(?<!\\)\[x(?<!\\)\]\(/);
    // The only link or image syntax is the diagram's own.
    expect(md.match(/(?<!\\)\]\(/g)).toHaveLength(1);
    expect(md).not.toMatch(/<[a-z!/?]/i);
  });

  test('MD-1 an empty board says so', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Blank');
    const md = toMarkdown(readBoard(doc), { diagramUrl: 'blank.svg' });
    expect(md).toContain('_The diagram has no components yet._');
    expect(md).toContain('_No connections yet._');
    expect(md.match(/_Not answered yet\._/g)).toHaveLength(14);
    expect(md).not.toContain('## Notes');
  });

  test('MD-1 plain shapes are components under "Shapes & text"; text labels go with the notes', () => {
    const doc = designDoc();
    add(doc, { id: nid('title'), kind: 'shape.text', x: 0, y: -100, label: `Checkout flow ${IMG}` });
    add(doc, { id: nid('blank-text'), kind: 'shape.text', x: 0, y: -200, label: '  ' });
    add(doc, { id: nid('box'), kind: 'shape.rect', x: 600, y: 0, label: 'Fraud check' });
    add(doc, { id: nid('drum'), kind: 'shape.cylinder', x: 600, y: 200, parent: nid('vpc') });
    value(connect(doc, { id: eid('e5'), source: nid('fn'), target: nid('box') }));
    value(connect(doc, { id: eid('e6'), source: nid('box'), target: nid('drum'), style: 'data' }));
    const md = toMarkdown(readBoard(doc), { diagramUrl: 'd.svg' });
    const components = section(md, '## Components');
    const layers = [...components.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(layers.slice(-3)).toEqual(['Generic', 'Shapes & text', 'Network containers']);
    expect(section(components, '### Shapes & text').trim()).toBe(
      '- **Fraud check** (Rectangle)\n- **Cylinder** — in Prod VPC',
    );
    expect(components).not.toContain('Checkout flow');
    const notes = section(md, '## Notes');
    expect(notes).toContain('> Checkout flow &lt;img src=x onerror=alert(1)&gt;');
    // Two quotes: the note and the text label; the blank text label is left out.
    expect(notes.trim().split('\n\n')).toHaveLength(2);
    const rows = section(md, '## Connections').split('\n');
    expect(rows).toContain('| \\[x\\](javascript:alert(1)) | Fraud check | Sync |  |');
    expect(rows).toContain('| Fraud check | Cylinder | Data |  |');
  });

  test('MD-1 deterministic', () => {
    expect(render()).toBe(render());
  });

  test('MD-2 the design review: open findings with the guide line, bottlenecks, traffic figures; dismissed left out', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Shop', 0);
    add(doc, { id: nid('u'), kind: 'generic.user', x: 0, y: 0 });
    add(doc, { id: nid('api'), kind: 'aws.api-gateway', x: 150, y: 0 });
    add(doc, { id: nid('svc'), kind: 'aws.ec2', x: 300, y: 0, label: 'Orders' });
    value(connect(doc, { id: eid('e1'), source: nid('u'), target: nid('api') }));
    value(connect(doc, { id: eid('e2'), source: nid('api'), target: nid('svc'), props: { rps: 4000, payloadKB: 2 } }));
    setAnswer(doc, 'q11', '99.9%');
    const md = toMarkdown(readBoard(doc), { diagramUrl: 'shop.png' });
    expect(md).toContain('## Design review');
    expect(md).toMatch(/- \*\*error\*\* Orders runs as one instance[^\n]*\. Run two or more[^\n]*\(guide, line 15: “/);
    expect(md).toContain('| API Gateway | Orders | Sync, 4k rps · 2 KB |');
    // 4,000 rps on one EC2 instance of 1,000
    expect(md).toContain('### Bottlenecks');
    expect(md).toContain('With the traffic set on the edges:');
    expect(md).toContain('- **Orders** (EC2): 400 % of capacity (4k of 1k requests/s)');

    dismissFinding(doc, 'single-instance-compute:svc', { reason: 'a demo', by: 'Ada', at: 1 });
    expect(toMarkdown(readBoard(doc), { diagramUrl: 'shop.png' })).not.toContain('one instance');
  });
});
