// `estran` on an embedded database opens a data folder, and PGlite creates an empty
// database in a folder that holds none. When ESTRAN_DATA_DIR is unset or points somewhere
// else than the server's folder, the command would then silently run against a new,
// empty database (issue 17: "today it silently creates an empty ./data"). This says so on
// stderr, before anything is created, naming the folder and the variable; the command
// still runs (a first `estran migrate` or `seed-demo` on a new folder is legitimate).
//
// "No server ever ran there" is read from the folder itself: no embedded database yet
// (no pg/PG_VERSION, which PGlite writes when it creates one). A folder a server ran in
// always has it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

/** The French warning for a data folder holding no database yet, or null (a database is there, or PostgreSQL is used). */
export function dataFolderWarning(config: Pick<Config, 'database' | 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string | null {
  if (config.database.kind !== 'pglite') return null;
  if (existsSync(path.join(config.database.dataDir, 'PG_VERSION'))) return null;
  const set = env.ESTRAN_DATA_DIR;
  const why = set
    ? `la variable ESTRAN_DATA_DIR le désigne (« ${set} »)`
    : 'c’est le dossier par défaut : la variable ESTRAN_DATA_DIR n’est pas définie';
  return [
    `Attention : le dossier de données ${config.dataDir} ne contient aucune base Estran — aucun serveur n’y a jamais démarré (${why}).`,
    existsSync(config.dataDir) ? 'Une base vide va y être créée.' : 'Il va être créé, avec une base vide.',
    'Si vos données sont ailleurs, arrêtez la commande (Ctrl+C) et indiquez leur dossier par ESTRAN_DATA_DIR, celui que le serveur utilise.',
  ].join('\n');
}
