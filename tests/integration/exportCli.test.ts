import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardFromExport, THEMES, toExportJson } from '@archboard/shared';
import { checkXml, hexColor, importBoard, layoutOf, Raster, sampleEdges, unescapeXml } from '../helpers/exportChecks';
import { bigBoard, exportFixture } from '@archboard/shared/testing';
import { ROOT, startServer, type RunningServer } from '../helpers/server';

/*
 * The command-line exporter: `npm run export -- <board link | file.json> …` from the
 * repository root (scripts/export.mjs), and the built `server/dist/export-cli.js` it runs.
 */

const CLI = join(ROOT, 'server/dist/export-cli.js');
const FIXTURE_JSON = toExportJson(boardFromExport(exportFixture()));
const LIGHT = hexColor(THEMES.light.background);

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (killed after `timeoutMs`). INIT_CWD is left out unless given: paths are then cwd's. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 60_000) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'INIT_CWD'));
  const child = spawn(command, args, { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise<Run>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

const cli = (args: string[], cwd: string) => run(process.execPath, [CLI, ...args], cwd);
const scratch = () => mkdtempSync(join(tmpdir(), 'archboard-cli-'));

describe('export command line', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { AUTH_SECRET: 'c'.repeat(40) } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('CLI1 `npm run export -- <link> --format png --scale 2 --out FILE` writes the board as a 2x PNG', async () => {
    const file = bigBoard(40);
    const board = await importBoard(server, file);
    const dir = scratch();
    const out = join(dir, 'd.png');
    const link = `${server.url}/b/${board.id}#token=${board.viewToken}`;
    const result = await run(
      'npm',
      ['run', '--silent', 'export', '--', link, '--format', 'png', '--scale', '2', '--out', out],
      ROOT,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(out);

    const { layout } = layoutOf(file);
    const png = new Raster(readFileSync(out), layout.bounds, 2, LIGHT);
    expect([png.width, png.height]).toEqual([layout.bounds.w * 2, layout.bounds.h * 2]);
    expect(sampleEdges(png, layout, 10).filter((s) => s.missed.length > 0)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['d.png']);
  }, 60_000);

  it('CLI1 a link without a token, with a wrong token, or to a dead server exits 2 naming the problem', async () => {
    const board = await importBoard(server, exportFixture());
    const other = await importBoard(server, exportFixture());
    const dir = scratch();
    const cases: [string, RegExp][] = [
      [`${server.url}/b/${board.id}`, /no token/],
      [`${server.url}/b/${board.id}#token=${other.viewToken}`, /403/],
      [`${server.url}/x/${board.id}#token=${board.viewToken}`, /not a board link/],
      [`http://127.0.0.1:9/b/${board.id}#token=${board.viewToken}`, /cannot reach/],
    ];
    for (const [link, message] of cases) {
      const result = await cli([link, '--format', 'json', '--out', 'out.json'], dir);
      expect(result.code, link).toBe(2);
      expect(result.stderr, link).toMatch(message);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('export command line from a file', () => {
  it('CLI2 --format json of an export file writes the same bytes (to --out, and to stdout without it)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'board.json'), FIXTURE_JSON);
    const result = await cli(['board.json', '--format', 'json', '--out', 'copy.json'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'copy.json'))).toEqual(Buffer.from(FIXTURE_JSON));
    const piped = await cli(['board.json', '--format', 'json'], dir);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(FIXTURE_JSON);
  });

  it('CLI2 --format svg writes a well-formed SVG of the whole diagram', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'board.json'), FIXTURE_JSON);
    const result = await cli(['board.json', '--out', 'diagram.svg', '--theme', 'dark'], dir); // format from the name
    expect(result.code, result.stderr).toBe(0);
    const svg = readFileSync(join(dir, 'diagram.svg'), 'utf8');
    const elements = checkXml(svg);
    const { board, layout } = layoutOf(FIXTURE_JSON);
    const { x, y, w, h } = layout.bounds;
    expect(elements[0]!.attributes.get('viewBox')).toBe(`${x} ${y} ${w} ${h}`);
    const ids = elements.flatMap((e) =>
      e.attributes.has('data-id') ? [unescapeXml(e.attributes.get('data-id')!)] : [],
    );
    expect(ids.sort()).toEqual([...board.nodes.map((n) => n.id), ...board.edges.map((e) => e.id)].sort());
    expect(svg).toContain(`fill="${THEMES.dark.background}"`);
  });

  it('CLI2 --format md writes the design doc and a PNG beside it that the doc links', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'board.json'), FIXTURE_JSON);
    const result = await cli(['board.json', '--format', 'md', '--out', 'design.md'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['board.json', 'design.md', 'design.png']);
    const md = readFileSync(join(dir, 'design.md'), 'utf8');
    expect(md).toMatch(/^# Checkout &lt;v2&gt; &amp; friends 🚀\n/);
    expect(/!\[[^\]]*\]\(([^)]+)\)/.exec(md)?.[1]).toBe('design.png');
    expect(md).toContain('p99 under 300 ms for checkout');
    expect(md).toContain('Orders table');
    const { layout } = layoutOf(FIXTURE_JSON);
    const png = new Raster(readFileSync(join(dir, 'design.png')), layout.bounds, 2, LIGHT);
    expect([png.width, png.height]).toEqual([layout.bounds.w * 2, layout.bounds.h * 2]);
  }, 60_000);

  it('CLI2 a bad file exits 2, names the problem on stderr and writes nothing', async () => {
    const dir = scratch();
    const nodes = exportFixture().nodes.map((n) => (n.id === 'api' ? { ...n, x: 'abc' } : n));
    const files: [string, string, RegExp][] = [
      ['bad-x.json', JSON.stringify({ ...exportFixture(), nodes }), /field "x" of node "api" is not a number/],
      ['not-json.json', FIXTURE_JSON.slice(0, 100), /not JSON/],
      ['version-9.json', FIXTURE_JSON.replace('"formatVersion": 1', '"formatVersion": 9'), /formatVersion 9/],
    ];
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    for (const [name, , problem] of files) {
      for (const format of ['json', 'svg', 'png', 'md']) {
        const result = await cli([name, '--format', format, '--out', `out.${format}`], dir);
        expect(result.code, `${name} → ${format}`).toBe(2);
        expect(result.stderr, `${name} → ${format}`).toMatch(problem);
        expect(result.stderr).toContain(name);
      }
    }
    const missing = await cli(['nowhere.json', '--format', 'json', '--out', 'out.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
    const badScale = await cli([files[0]![0], '--scale', '3', '--out', 'out.png'], dir);
    expect(badScale.code).toBe(2);
    expect(badScale.stderr).toMatch(/--scale/);
    expect(readdirSync(dir).sort()).toEqual(files.map(([name]) => name).sort());
  }, 60_000);
});
