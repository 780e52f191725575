// `npm start`: install what is missing, build, and run one server on the embedded store.
import { spawn } from 'node:child_process';
import { build, checkNode, ensureInstalled, log, ROOT } from './lib.mjs';

checkNode();
ensureInstalled();
build();
const port = process.env.PORT ?? '8080';
log(`starting Archboard on http://localhost:${port} (data in ${process.env.DATA_DIR ?? './data'})`);
const server = spawn(process.execPath, ['server/dist/main.js'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, PORT: port },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
