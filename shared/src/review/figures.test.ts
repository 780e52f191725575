import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { toSvg } from '../export/toSvg';
import { connect } from '../ops/edges';
import { addNode } from '../ops/nodes';
import { readBoard } from '../read/readBoard';
import type { EdgeId, NodeId } from '../schema/ids';
import { value } from '../testing/results';
import { edgeFigures, formatCount } from './figures';

describe('traffic figures on edge labels', () => {
  test('FIG-1 counts read short: 950, 1.2k, 35k, 3.4M', () => {
    expect([0, 7.25, 950, 1200, 35_000, 125_000, 3_400_000, 2e9].map(formatCount)).toEqual([
      '0',
      '7.3',
      '950',
      '1.2k',
      '35k',
      '125k',
      '3.4M',
      '2G',
    ]);
  });

  test('FIG-2 an edge shows the figures that are set, in one order', () => {
    expect(edgeFigures(undefined)).toBe('');
    expect(edgeFigures({ fanOut: 3, rps: 1200 })).toBe('1.2k rps · fan-out ×3');
    expect(edgeFigures({ payloadKB: 40 })).toBe('40 KB');
  });

  test('FIG-3 the SVG export draws them in the edge label pill, after the label', () => {
    const doc = new Y.Doc();
    const a = value(addNode(doc, { id: 'a' as NodeId, kind: 'aws.ec2', x: 0, y: 0 }));
    const b = value(addNode(doc, { id: 'b' as NodeId, kind: 'aws.kinesis', x: 300, y: 0 }));
    value(
      connect(doc, { id: 'e' as EdgeId, source: a, target: b, label: 'events', props: { rps: 2000, payloadKB: 40 } }),
    );
    const svg = toSvg(readBoard(doc), { theme: 'light', background: 'solid' }, () => undefined);
    expect(svg).toContain('>events · 2k rps · 40 KB</text>');
  });
});
