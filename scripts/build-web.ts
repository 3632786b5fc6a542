// Builds the web client when its output is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, globSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export function webIsStale(): boolean {
  const built = path.join(root, 'web/dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = globSync(['web/src/**/*', 'web/index.html', 'web/vite.config.ts', 'web/public/**/*', 'contracts/src/**/*'], { cwd: root });
  return sources.some((f) => statSync(path.join(root, f)).mtimeMs > builtAt);
}

export function buildWeb(): void {
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: path.join(root, 'web'), stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('La construction de l’interface web a échoué.');
    process.exit(result.status ?? 1);
  }
}

if (import.meta.main) buildWeb();
