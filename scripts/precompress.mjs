// Writes `<file>.br` and `<file>.gz` beside every compressible file of a built client, so
// the server (@fastify/static with `preCompressed`) sends them to browsers that accept
// them, at no CPU cost per request. Only Node built-ins: it runs as part of the build.
//
//   node scripts/precompress.mjs client/dist
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The text formats worth compressing; images other than SVG and fonts already are. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json']);

const ENCODINGS = [
  {
    ext: '.br',
    compress: (data) =>
      brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
  { ext: '.gz', compress: (data) => gzipSync(data, { level: 9 }) },
];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Compresses every compressible file under `dir` in place; returns how many bytes the
 * originals and their brotli versions take. A variant that would not be smaller than its
 * original is not written (and an old one is removed): the server then sends the original.
 */
export function precompress(dir) {
  const totals = { files: 0, raw: 0, br: 0 };
  for (const path of [...files(dir)]) {
    if (!COMPRESSIBLE.has(extname(path))) continue;
    const data = readFileSync(path);
    totals.files += 1;
    totals.raw += data.length;
    for (const { ext, compress } of ENCODINGS) {
      const packed = compress(data);
      if (packed.length < data.length) writeFileSync(path + ext, packed);
      else rmSync(path + ext, { force: true });
      if (ext === '.br') totals.br += Math.min(packed.length, data.length);
    }
  }
  return totals;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node scripts/precompress.mjs <dir>\n');
    process.exit(2);
  }
  const { files: count, raw, br } = precompress(resolve(dir));
  const kB = (n) => `${Math.round(n / 1024)} kB`;
  process.stdout.write(`precompressed ${count} files in ${dir}: ${kB(raw)} → ${kB(br)} with brotli\n`);
}
