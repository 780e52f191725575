// `npm run export -- <board link | export.json> [--format json|svg|png|md] [--scale 1|2|4]
//   [--theme light|dark] [--background solid|transparent] [--out FILE]`
// A board link (the share link, with its token) is exported by the server it names; a
// JSON export file is drawn here, by the same functions the server uses.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { z } from 'zod';
import * as Y from 'yjs';
import { initBoard, parseImport, writeImport } from '@archboard/shared';
import { ExportRenderer } from '../export/ExportRenderer';
import type { ExportFormat } from '../export/renderExport';
import { iconFiles } from '../export/iconFiles';

const USAGE = `usage: npm run export -- <board link | file.json> [--format json|svg|png|md] [--scale 1|2|4]
                           [--theme light|dark] [--background solid|transparent] [--out FILE]`;

const optionsSchema = z.object({
  format: z.enum(['json', 'svg', 'png', 'md'], { error: '--format must be json, svg, png or md' }).optional(),
  scale: z.enum(['1', '2', '4'], { error: '--scale must be 1, 2 or 4' }).default('1'),
  theme: z.enum(['light', 'dark'], { error: '--theme must be light or dark' }).default('light'),
  background: z.enum(['solid', 'transparent'], { error: '--background must be solid or transparent' }).default('solid'),
  out: z.string().optional(),
});
type Options = z.infer<typeof optionsSchema> & { format: 'json' | 'svg' | 'png' | 'md' };

class CliError extends Error {}

function parse(argv: string[]): { source: string; options: Options } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      scale: { type: 'string' },
      theme: { type: 'string' },
      background: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
  });
  if (positionals.length !== 1) throw new CliError(`give one board link or JSON file\n${USAGE}`);
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join('\n'));
  const fromOut = parsed.data.out ? extname(parsed.data.out).slice(1).toLowerCase() : '';
  const format = parsed.data.format ?? (['json', 'svg', 'png', 'md'].includes(fromOut) ? fromOut : 'png');
  return { source: positionals[0]!, options: { ...parsed.data, format: format as Options['format'] } };
}

/** The board a share link points at: `http(s)://host/b/<id>#token=<token>`. */
function parseLink(link: string): { origin: string; board: string; token: string } | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const board = /^\/b\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname)?.[1];
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? url.searchParams.get('token');
  if (!board) throw new CliError(`${link} is not a board link (expected …/b/<board>#token=…)`);
  if (!token) throw new CliError('the link has no token: use the Share menu’s link, which carries one');
  return { origin: url.origin, board, token };
}

async function fromServer(link: { origin: string; board: string; token: string }, o: Options): Promise<Uint8Array> {
  const query = new URLSearchParams({ scale: o.scale, theme: o.theme, background: o.background });
  const url = `${link.origin}/api/boards/${link.board}/export.${o.format}?${query}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${link.token}` } }).catch((e: unknown) => {
    throw new CliError(`cannot reach ${link.origin}: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new CliError(`the server answered ${response.status}: ${body.error ?? response.statusText}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** A JSON export file as the updates of a board holding it, as the server's store would hand them over. */
function updatesFromFile(path: string): Uint8Array[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const file = parseImport(text);
  if (!file.ok) throw new CliError(`${path} cannot be exported:\n  ${file.error.problems.join('\n  ')}`);
  const doc = new Y.Doc();
  initBoard(doc, file.value.title);
  writeImport(doc, file.value, { freshIds: false, setTitle: true });
  return [Y.encodeStateAsUpdate(doc)];
}

/** Draws a file's board locally, in the export process the server uses (so a crash of the rasteriser is a message, not an abort). */
async function fromFile(path: string, o: Options, out: string | undefined, cwd: string): Promise<Uint8Array> {
  const updates = updatesFromFile(path);
  const here = dirname(fileURLToPath(import.meta.url));
  const awsIconsDir = join(dirname(createRequire(import.meta.url).resolve('aws-icons/package.json')), 'icons');
  const renderer = new ExportRenderer({
    processFile: join(here, 'exportProcess.js'),
    awsIconsDir,
    icons: iconFiles(awsIconsDir),
    maxExports: 2,
    log: pino({ level: 'warn' }),
  });
  const draw = async (format: ExportFormat, scale: number, diagramUrl = ''): Promise<Uint8Array> => {
    const image = { theme: o.theme, background: o.background };
    const result = await renderer.render({
      format,
      updates,
      image,
      scale,
      diagramUrl,
      maxPixels: Number.MAX_SAFE_INTEGER,
    });
    if (!result.ok) throw new CliError(result.error);
    return result.body;
  };
  try {
    if (o.format !== 'md') return await draw(o.format, Number(o.scale));
    // The design doc links its diagram as a PNG written beside it.
    const image = `${out ? basename(out, extname(out)) : 'diagram'}.png`;
    writeFileSync(join(out ? dirname(out) : cwd, image), await draw('png', 2));
    return await draw('md', 1, image);
  } finally {
    await renderer.close();
  }
}

async function main(): Promise<void> {
  const { source, options } = parse(process.argv.slice(2));
  // `npm run` starts scripts in the repository root; paths are the caller's.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const out = options.out ? resolve(cwd, options.out) : undefined;
  const link = parseLink(source);
  const bytes = link ? await fromServer(link, options) : await fromFile(resolve(cwd, source), options, out, cwd);
  if (out) {
    writeFileSync(out, bytes);
    process.stderr.write(`wrote ${out}\n`);
  } else if (options.format === 'png') {
    throw new CliError('a PNG needs --out FILE');
  } else process.stdout.write(bytes);
}

main().catch((e: unknown) => {
  process.stderr.write(`archboard export: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(
    e instanceof CliError || (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) ? 2 : 1,
  );
});
