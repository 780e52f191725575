// `npm run export -- <board link | export.json> [--format json|svg|png|md] [--scale 1|2|4]
//   [--theme light|dark] [--background solid|transparent] [--out FILE]`
// A board link (the share link, with its token) is exported by the server it names; a
// JSON export file is drawn here, by the same functions the server uses.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { pino } from 'pino';
import { z } from 'zod';
import { boardFromExport, parseImport, toExportJson, toMarkdown, toSvg, type Board } from '@archboard/shared';
import { iconFiles } from '../export/iconFiles';
import { StripRenderer } from '../export/StripRenderer';
import { fontFiles } from '../export/renderPng';

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

function boardFromFile(path: string): Board {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const file = parseImport(text);
  if (!file.ok) throw new CliError(`${path} cannot be exported:\n  ${file.error.problems.join('\n  ')}`);
  return boardFromExport(file.value);
}

async function main(): Promise<void> {
  const { source, options } = parse(process.argv.slice(2));
  // `npm run` starts scripts in the repository root; paths are the caller's.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const out = options.out ? resolve(cwd, options.out) : undefined;
  const link = parseLink(source);
  let bytes: Uint8Array | string;
  if (link) bytes = await fromServer(link, options);
  else {
    const board = boardFromFile(resolve(cwd, source));
    const require = createRequire(import.meta.url);
    const icons = iconFiles(join(dirname(require.resolve('aws-icons/package.json')), 'icons'));
    const image = { theme: options.theme, background: options.background };
    const svg = () => toSvg(board, image, icons);
    const png = (scale: number) => {
      const here = dirname(fileURLToPath(import.meta.url));
      const renderer = new StripRenderer({
        workerFile: join(here, 'pngWorker.js'),
        threads: Math.min(2, availableParallelism()),
        fonts: fontFiles(),
        log: pino({ level: 'warn' }),
      });
      return renderer.render(board, image, scale, icons).finally(() => void renderer.close());
    };
    switch (options.format) {
      case 'json':
        bytes = toExportJson(board);
        break;
      case 'svg':
        bytes = svg();
        break;
      case 'png':
        bytes = await png(Number(options.scale));
        break;
      case 'md': {
        // The design doc links its diagram as a PNG written beside it.
        const file = `${out ? basename(out, extname(out)) : 'diagram'}.png`;
        writeFileSync(join(out ? dirname(out) : cwd, file), await png(2));
        bytes = toMarkdown(board, { diagramUrl: file });
        break;
      }
    }
  }
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
