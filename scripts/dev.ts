// `npm run dev`: the server (restarted on change) and Vite's dev server with hot reload.
// Open http://localhost:5173; Vite proxies the API to the server on port 3000.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, NODE_ENV: 'development', ESTRAN_ORIGIN: 'http://localhost:5173', LOG_LEVEL: process.env.LOG_LEVEL ?? 'debug' };
const children = [
  spawn(process.execPath, ['--watch-path=server/src', '--watch-path=contracts/src', 'server/src/main.ts'], { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js')], { cwd: path.join(root, 'web'), env, stdio: 'inherit' }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => code && code !== 0 && stop());
