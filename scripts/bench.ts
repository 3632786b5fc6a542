// `npm run bench -- <name>` runs bench/<name>.ts. Without a name, lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const name = process.argv[2];
const available = readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(path.join(root, 'bench', `${name}.ts`))) {
  console.error(`Usage : npm run bench -- <nom>\nBenchmarks : ${available.join(', ')}`);
  process.exit(name ? 64 : 0);
}
const r = spawnSync(process.execPath, [path.join(root, 'bench', `${name}.ts`), ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
