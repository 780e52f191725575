import type { z } from 'zod';
import { catalogEntry, isKnownKind } from '../catalog/catalog';
import { OP_ERRORS } from '../ops/result';
import { connectionProblem, cycleBreakers } from '../ops/rules';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, exportDocSchema, IMPORT_LIMITS, type ExportDoc } from './format';

/** Why a file cannot be imported. `problems` lists every finding (at most 20); `message` is the first. */
export interface ImportError {
  code: 'too-large' | 'not-json' | 'not-archboard' | 'unknown-version' | 'invalid';
  message: string;
  problems: string[];
}

export type ImportResult = { ok: true; value: ExportDoc } | { ok: false; error: ImportError };

const MAX_PROBLEMS = 20;

const fail = (code: ImportError['code'], problems: string[]): ImportResult => ({
  ok: false,
  error: { code, message: problems[0] ?? code, problems: problems.slice(0, MAX_PROBLEMS) },
});

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** Names the record a zod issue points into by its id when it has one: `node "n3"`. */
function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const [top, index, field, ...rest] = issue.path;
  let where: string;
  let subject: unknown;
  if ((top === 'nodes' || top === 'edges') && typeof index === 'number') {
    const record = (raw[top] as unknown[])[index];
    const recordId = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
    const noun = top === 'nodes' ? 'node' : 'edge';
    where = typeof recordId === 'string' && recordId.length <= 64 ? `${noun} "${recordId}"` : `${noun} #${index + 1}`;
    if (field === undefined && issue.code === 'unrecognized_keys')
      return `${where} has unknown fields: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    if (field === undefined)
      return `${where}: ${issue.code === 'invalid_type' ? `is ${typeName(record)}, not an object` : issue.message}`;
    subject =
      typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[String(field)] : undefined;
    const name = [field, ...rest].map(String).join('.');
    // Any code: a missing enum or literal field (`style`) is an invalid_value issue to zod.
    if (subject === undefined) return `field "${name}" of ${where} is missing`;
    if (issue.code === 'invalid_type')
      return `field "${name}" of ${where} is not ${article(issue.expected)} (it is ${typeName(subject)})`;
    return `field "${name}" of ${where}: ${issue.message}`;
  }
  const name = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys')
    return `unknown top-level fields: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && name !== '') {
    subject = raw[String(top)];
    return subject === undefined
      ? `field "${name}" is missing`
      : `field "${name}" is not ${article(issue.expected)} (it is ${typeName(subject)})`;
  }
  return name === '' ? issue.message : `field "${name}": ${issue.message}`;
}

/** What the schema cannot see: ids, references, kinds, nesting and connection rules. */
function referenceProblems(doc: ExportDoc): string[] {
  const problems: string[] = [];
  const nodes = new Map<string, ExportDoc['nodes'][number]>();
  for (const node of doc.nodes) {
    if (nodes.has(node.id)) problems.push(`node id "${node.id}" is used twice`);
    nodes.set(node.id, node);
    if (!catalogEntry(node.kind)) problems.push(`node "${node.id}" has an unknown kind "${node.kind}"`);
  }
  const parentOf = new Map<string, string | undefined>();
  for (const node of doc.nodes) {
    parentOf.set(node.id, node.parent);
    if (node.parent === undefined) continue;
    const parent = nodes.get(node.parent);
    if (!parent) problems.push(`node "${node.id}" is inside "${node.parent}", which is not a node in the file`);
    // A parent of an unknown kind has its own problem above; saying it is no container repeats it.
    else if (isKnownKind(parent.kind) && catalogEntry(parent.kind)?.shape !== 'group')
      problems.push(`node "${node.id}" is inside "${node.parent}", a ${parent.kind}, which is not a container`);
  }
  const inCycle = cycleBreakers(parentOf);
  for (const id of inCycle) {
    const cycle = [id];
    for (let at = parentOf.get(id); at !== undefined && at !== id && cycle.length <= nodes.size; at = parentOf.get(at))
      cycle.push(at);
    problems.push(`nodes ${cycle.map((n) => `"${n}"`).join(', ')} are inside each other (a parent cycle)`);
  }
  const edgeIds = new Set<string>();
  for (const edge of doc.edges) {
    if (edgeIds.has(edge.id)) problems.push(`edge id "${edge.id}" is used twice`);
    edgeIds.add(edge.id);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source) problems.push(`edge "${edge.id}" starts at "${edge.source}", which is not a node in the file`);
    if (!target) problems.push(`edge "${edge.id}" ends at "${edge.target}", which is not a node in the file`);
    if (!source || !target) continue;
    const problem = connectionProblem(source, target);
    if (problem) problems.push(`edge "${edge.id}": ${OP_ERRORS[problem]}`);
  }
  return problems;
}

/**
 * Reads an export file. Never throws: anything wrong comes back as an ImportError that
 * says exactly what and where ("field "x" of node "n3" is not a number"). A file that
 * passes can be written into a board whole (see `writeImport`); nothing is written
 * before a file has passed.
 */
export function parseImport(text: string): ImportResult {
  const bytes = utf8Length(text);
  if (bytes > IMPORT_LIMITS.maxBytes)
    return fail('too-large', [
      `the file is ${(bytes / 1048576).toFixed(1)} MB; the limit is ${IMPORT_LIMITS.maxBytes / 1048576} MB`,
    ]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('not-json', [`the file is not JSON: ${e instanceof Error ? e.message : String(e)}`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('not-archboard', [`the file is not an Archboard export: it holds ${typeName(raw)}, not an object`]);
  const record = raw as Record<string, unknown>;
  if (record.format !== EXPORT_FORMAT)
    return fail('not-archboard', [`the file is not an Archboard export: its "format" is not "${EXPORT_FORMAT}"`]);
  if (record.formatVersion !== EXPORT_FORMAT_VERSION)
    return fail('unknown-version', [
      `formatVersion ${shownVersion(record.formatVersion)}: this version of Archboard reads formatVersion ${EXPORT_FORMAT_VERSION}`,
    ]);
  const parsed = exportDocSchema.safeParse(raw);
  if (!parsed.success)
    return fail(
      'invalid',
      parsed.error.issues.map((issue) => describeIssue(issue, record)),
    );
  const problems = referenceProblems(parsed.data);
  if (problems.length > 0) return fail('invalid', problems);
  return { ok: true, value: parsed.data };
}

/**
 * The file's formatVersion for a message. Not JSON.stringify: the value is untrusted, and
 * stringifying an array nested 100,000 deep overflows the stack (JSON.parse does not).
 */
function shownVersion(value: unknown): string {
  if (value === undefined) return 'is missing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return value.length <= 20 ? JSON.stringify(value) : 'is a long string';
  return `is ${typeName(value)}`;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
