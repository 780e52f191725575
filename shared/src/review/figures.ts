import type { EdgeProps } from '../schema/edgeRecord';

/** A rate or count for a label: 950, 1.2k, 35k, 3.4M. */
export function formatCount(value: number): string {
  const abs = Math.abs(value);
  const short = (n: number, unit: string) => `${n >= 100 ? Math.round(n) : Number(n.toPrecision(2))}${unit}`;
  if (abs >= 1e9) return short(value / 1e9, 'G');
  if (abs >= 1e6) return short(value / 1e6, 'M');
  if (abs >= 1e3) return short(value / 1e3, 'k');
  return String(abs >= 10 ? Math.round(value) : Number(value.toPrecision(2)));
}

/** An edge's traffic figures as they show beside its label: "1.2k rps · 2 KB · fan-out ×3". */
export function edgeFigures(props: EdgeProps | undefined): string {
  if (!props) return '';
  const parts: string[] = [];
  if (props.rps !== undefined) parts.push(`${formatCount(props.rps)} rps`);
  if (props.payloadKB !== undefined) parts.push(`${formatCount(props.payloadKB)} KB`);
  if (props.fanOut !== undefined) parts.push(`fan-out ×${formatCount(props.fanOut)}`);
  return parts.join(' · ');
}
