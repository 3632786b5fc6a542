// `estran backup` and `estran restore`, for the embedded database (PGlite).
//
// backup [<file>] [--force]: while the server runs, the command runs inside it (admin
// socket), which holds the only connection: the tarball (PGlite dumpDataDir, gzip) is
// taken between two transactions, after a checkpoint, so it is the committed state as
// after a clean shutdown; it is gzipped afterwards, off the database's turn. Written to a temporary file beside the target (mode 0600),
// flushed, then renamed: a backup file is whole or absent. Without <file>, it lands in
// ESTRAN_BACKUP_DIR as estran-<UTC date and time>.tar.gz. Audited in the operator's chain.
//
// restore <file> [--force]: into the configured data folder, which no server may hold
// (the command takes the folder's lock itself). The tarball is loaded (PGlite
// loadDataDir) into a new folder beside the database, opened, migrated, and its audit
// chains verified; only then does it take the database's place, the previous one kept
// aside as pg.before-restore-<date> (--force; without it a non-empty folder is refused).
//
// With a PostgreSQL server both commands say to use pg_dump / pg_restore, and how.
//
// The server secret key (secret.key) is not in the backup: it is saved apart, so that a
// stolen backup does not open the sealed secrets.
import { closeSync, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { recordAudit, verifyAuditChain } from '../features/audit/index.ts';
import { tenantIdBySlug } from '../features/service-tokens/index.ts';
import { acquireDataDirLock, lockHolder } from '../platform/data-dir-lock.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import type { Command } from './commands.ts';
import { UsageError } from './commands.ts';
import type { CommandOutput } from './output.ts';

const pgDumpAdvice = [
  'Avec un serveur PostgreSQL (DATABASE_URL), sauvegardez avec les outils de PostgreSQL :',
  '  pg_dump -Fc -f /var/backups/estran/estran-$(date -u +%Y%m%d-%H%M%S).dump "postgres://estran_backup@…/estran"',
  '  (le rôle de sauvegarde de deploy/postgres/roles.sql : la sécurité par ligne, forcée, arrête le propriétaire ;',
  '  chaque jour, par exemple par un timer systemd), et pour un retour à un instant donné,',
  '  une sauvegarde de base (pg_basebackup) avec l’archivage des WAL (archive_mode, archive_command).',
  'Restauration : les rôles de deploy/postgres/roles.sql sur le nouveau serveur, puis pg_restore -d <base vide> <fichier>.dump en superutilisateur (README, Production).',
].join('\n');

/** "12,3 Mo" */
function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Ko`;
  return `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

/** yyyymmdd-hhmmss, UTC. */
const stamp = (d = new Date()) => d.toISOString().slice(0, 19).replaceAll('-', '').replace('T', '-').replaceAll(':', '');

async function counts(database: Database): Promise<{ tenants: number; agents: number; events: number }> {
  const [row] = await database.ownerQuery(
    'SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM agents)::int AS agents, (SELECT count(*) FROM audit_events)::int AS events',
  );
  return { tenants: Number(row?.tenants ?? 0), agents: Number(row?.agents ?? 0), events: Number(row?.events ?? 0) };
}

async function auditOperator(database: Database, action: string, data: Record<string, unknown>): Promise<void> {
  const operator = await tenantIdBySlug(database, undefined).catch(() => null);
  if (operator) await database.tenant(operator, (tx) => recordAudit(tx, operator, { action, actor: { type: 'cli' }, data }));
}

/**
 * Writes `tar` gzipped to `file`, whole or not at all: a temp file (0600) beside it, gzip
 * on libuv's thread pool (the event loop and the database keep serving), fsync, rename,
 * fsync of the folder. Returns the compressed size.
 */
async function writeGzipAtomically(file: string, tar: Blob, out: CommandOutput): Promise<number> {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  let read = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      out.progress(read, tar.size, 'Octets archivés');
      done(null, chunk);
    },
  });
  try {
    const sink = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    await pipeline(Readable.fromWeb(tar.stream() as WebReadableStream), counted, createGzip({ level: 6 }), sink);
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    if (existsSync(temp)) unlinkSync(temp);
    throw error;
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return statSync(file).size;
}

export const backupCommands: Command[] = [
  {
    name: 'backup',
    summary: 'Sauvegarde la base embarquée dans un fichier (cohérente, même serveur en marche)',
    usage: 'estran backup [<fichier.tar.gz>] [--force]   (sans fichier : dans ESTRAN_BACKUP_DIR)',
    options: { force: { type: 'boolean' } },
    paths: 1,
    async run({ database, config, out }, values, [given]) {
      if (!database.dumpEmbedded) {
        out.note(pgDumpAdvice);
        return exitCodes.usage;
      }
      if (!given && !config.backupDir) throw new UsageError('Indiquez le fichier de sauvegarde, ou le dossier des sauvegardes dans ESTRAN_BACKUP_DIR.');
      const file = given ?? path.join(config.backupDir!, `estran-${stamp()}.tar.gz`);
      if (existsSync(file) && !values.force) {
        out.note(`Le fichier ${file} existe déjà : choisissez un autre nom, ou --force pour le remplacer.`);
        return exitCodes.cantCreate;
      }
      const started = performance.now();
      await auditOperator(database, 'backup.created', { file: path.basename(file) });
      const what = await counts(database);
      out.note('Instantané de la base embarquée…');
      const tar = await database.dumpEmbedded();
      const written = await writeGzipAtomically(file, tar, out);
      const seconds = ((performance.now() - started) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
      out.line(file);
      out.note(
        `Sauvegarde écrite : ${file} (${size(written)}, en ${seconds} s) — ${plural(what.tenants, 'collectivité', 'collectivités')}, ` +
          `${plural(what.agents, 'agent', 'agents')}, ${plural(what.events, 'événement d’audit', 'événements d’audit')}.\n` +
          `La clé secrète du serveur n’y est pas : sauvegardez ${config.secretKeyFile ?? path.join(config.dataDir, 'secret.key')} à part, une fois (et après chaque rotation).`,
      );
      return exitCodes.ok;
    },
  },
  {
    // Reached here only through the admin socket, i.e. while the server holds the folder:
    // the CLI runs a restore itself (runRestore) when the folder is free.
    name: 'restore',
    summary: 'Restaure une sauvegarde de la base embarquée dans le dossier de données (serveur arrêté)',
    usage: 'estran restore <fichier.tar.gz> [--force]',
    options: { force: { type: 'boolean' } },
    paths: 1,
    async run({ database, config, out }) {
      if (database.kind === 'postgres') {
        out.note(pgDumpAdvice);
        return exitCodes.usage;
      }
      out.note(
        `Le serveur Estran (processus ${lockHolder(config.dataDir) ?? '?'}) utilise le dossier de données ${config.dataDir} : ` +
          'arrêtez-le avant de restaurer (systemctl stop estran), ou restaurez dans un autre dossier (ESTRAN_DATA_DIR).',
      );
      return exitCodes.cantCreate;
    },
  },
];

/** True when argv is a restore the CLI must run itself, before opening any database. */
export function isRestore(argv: string[]): boolean {
  return argv.find((a) => !a.startsWith('-')) === 'restore';
}

/**
 * `estran restore`, run by the CLI on a folder no server holds: load the tarball beside
 * the database, open and verify it, then swap it in (the previous database kept aside).
 */
export async function runRestore(argv: string[], config: Config, out: CommandOutput): Promise<number> {
  let file: string;
  let force: boolean;
  try {
    const { values, positionals } = parseArgs({ args: argv.slice(1), options: { force: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new Error('un seul fichier de sauvegarde est attendu');
    file = path.resolve(positionals[0]!);
    force = values.force === true;
  } catch (error) {
    out.note(`${(error as Error).message}\nUsage : estran restore <fichier.tar.gz> [--force]`);
    return exitCodes.usage;
  }
  if (config.database.kind === 'postgres') {
    out.note(pgDumpAdvice);
    return exitCodes.usage;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    out.note(`Fichier de sauvegarde introuvable : ${file}.`);
    return exitCodes.usage;
  }
  const bytes = readFileSync(file);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    out.note(`${file} n’est pas une sauvegarde Estran (une archive .tar.gz produite par « estran backup »).`);
    return exitCodes.dataError;
  }

  const holder = lockHolder(config.dataDir);
  if (holder !== null) {
    out.note(
      `Le serveur Estran (processus ${holder}) utilise le dossier de données ${config.dataDir} : ` +
        'arrêtez-le avant de restaurer (systemctl stop estran), ou restaurez dans un autre dossier (ESTRAN_DATA_DIR).',
    );
    return exitCodes.cantCreate;
  }
  const lock = acquireDataDirLock(config.dataDir); // a server starting meanwhile waits for us
  const target = config.database.dataDir;
  const when = stamp();
  const staging = `${target}.restoring-${when}`;
  try {
    const occupied = existsSync(target) && readdirSync(target).length > 0;
    if (occupied && !force) {
      out.note(
        `Le dossier ${target} contient déjà une base. Pour la remplacer, relancez avec --force : ` +
          `elle sera conservée à côté (${path.basename(target)}.before-restore-${when}).`,
      );
      return exitCodes.cantCreate;
    }
    out.note(`Chargement de ${file} (${size(bytes.length)})…`);
    try {
      const loader = new PGlite({ dataDir: staging, loadDataDir: new Blob([bytes]) });
      await loader.waitReady;
      await loader.close();
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      out.note(`Sauvegarde illisible (${(error as Error).message}) : rien n’a été modifié.`);
      return exitCodes.dataError;
    }

    // Opened as the server would (migrations of a newer Estran applied), then verified.
    let database: Database;
    try {
      database = await openDatabase({ kind: 'pglite', dataDir: staging, appRole: config.database.appRole });
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    let what: Awaited<ReturnType<typeof counts>>;
    try {
      const reports = await verifyAuditChain(database, { onProgress: (done) => out.progress(done, null, 'Événements vérifiés') });
      const broken = reports.filter((r) => !r.ok);
      if (broken.length) {
        for (const r of broken) out.note(`ROMPUE  ${r.tenantName} (${r.tenantId}) : événement n° ${r.broken!.seq} — ${r.broken!.reason}`);
        out.note('La chaîne d’audit de la sauvegarde est rompue : elle n’a pas été restaurée.');
        await database.close();
        rmSync(staging, { recursive: true, force: true });
        return exitCodes.dataError;
      }
      await auditOperator(database, 'backup.restored', { file: path.basename(file) });
      what = await counts(database);
    } finally {
      await database.close();
    }

    const aside = `${target}.before-restore-${when}`;
    if (occupied) renameSync(target, aside);
    else rmSync(target, { recursive: true, force: true }); // an empty folder, if any
    renameSync(staging, target);
    out.line(target);
    out.note(
      `Sauvegarde restaurée dans ${target} : ${plural(what.tenants, 'collectivité', 'collectivités')}, ${plural(what.agents, 'agent', 'agents')}, ` +
        `${plural(what.events, 'événement d’audit', 'événements d’audit')} (chaînes vérifiées).` +
        (occupied ? `\nL’ancienne base est conservée dans ${aside} : supprimez-la quand le serveur tourne sur la base restaurée.` : '') +
        `\nRemettez aussi le fichier de clés secrètes (${config.secretKeyFile ?? path.join(config.dataDir, 'secret.key')}) sauvegardé à part, puis démarrez le serveur.`,
    );
    return exitCodes.ok;
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}
