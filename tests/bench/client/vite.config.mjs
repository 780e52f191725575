// Vite config of the bare React Flow app (bare/): built with the client workspace's Vite,
// its React plugin and its copies of react, react-dom and @xyflow/react, so that both apps
// run the same library versions in the same production build. `--outDir` comes from the
// command line (scripts/bench-client.mjs: tests/bench/client/bare/dist).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = join(here, '../../../client');
const fromClient = createRequire(join(clientDir, 'package.json'));
const packageDir = (name) => dirname(fromClient.resolve(`${name}/package.json`));
const { default: react } = await import(pathToFileURL(fromClient.resolve('@vitejs/plugin-react')).href);

export default {
  root: join(here, 'bare'),
  base: '/',
  logLevel: 'warn',
  plugins: [react()],
  resolve: {
    alias: ['@xyflow/react', 'react-dom', 'react'].map((name) => ({
      find: new RegExp(`^${name}(/.*)?$`),
      replacement: `${packageDir(name)}$1`,
    })),
  },
  build: { emptyOutDir: true, sourcemap: true, target: 'es2022' },
};
