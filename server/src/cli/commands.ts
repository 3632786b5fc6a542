// The `estran` administration commands. The same table runs in the CLI process (when it
// may open the database itself) and inside the server (when the server holds the
// embedded database and the CLI reaches it through the admin socket).
import path from 'node:path';
import { parseArgs, type ParseArgsConfig, type ParseArgsOptionsConfig } from 'node:util';
import { z } from 'zod';
import { limits, serviceScope, serviceScopes } from '@estran/contracts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { verifyAuditChain } from '../features/audit/index.ts';
import { createEnrolmentForLogin } from '../features/auth/index.ts';
import { importGuidePackage } from '../features/guide/index.ts';
import { seedDemo } from '../features/org/seed-demo.ts';
import { createServiceToken, tenantIdBySlug } from '../features/service-tokens/index.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { doctorCommand } from './doctor-command.ts';
import type { CommandOutput } from './output.ts';
import { backupCommands } from './backup-commands.ts';
import { secretCommands } from './secret-commands.ts';
import { directoryImportCommand } from './directory-command.ts';

export type CommandContext = { database: Database; config: Config; out: CommandOutput };

/** The option values parseArgs gives for this spec (strict): `--x <v>` a string, a flag a boolean, absent undefined. */
export type OptionValues<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

/** One command, its options declared as parseArgs takes them; run receives them typed from that declaration. */
export type CommandSpec<O extends ParseArgsOptionsConfig> = {
  name: string;
  summary: string;
  usage: string;
  options: O;
  /** Positional arguments, which are paths (resolved by the caller, whose directory counts). */
  paths?: number;
  /** Reads the configuration only: the CLI runs it before opening any database or asking the server (runWithoutDatabase). */
  withoutDatabase?: boolean;
  run(ctx: CommandContext, values: OptionValues<O>, positionals: string[]): Promise<number>;
};

/** A command as the table holds it, whatever its options (what parseArgs gives for an options object built elsewhere). */
export type Command = Omit<CommandSpec<ParseArgsOptionsConfig>, 'run'> & {
  run(ctx: CommandContext, values: Record<string, string | boolean | Array<string | boolean> | undefined>, positionals: string[]): Promise<number>;
};

/**
 * A command whose run sees its own options' types. parseCommand parses argv with the
 * very `options` object declared here, so the values run receives are of that shape.
 */
export function defineCommand<const O extends ParseArgsOptionsConfig>(command: CommandSpec<O>): Command {
  return command;
}

export class UsageError extends Error {}

/** An integer option (Number's reading of the text), undefined when absent; else `message` unless within [min, max]. */
function integerOption(value: string | undefined, message: string, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (range.min ?? -Infinity) || n > (range.max ?? Infinity)) throw new UsageError(message);
  return n;
}

const commands: Command[] = [
  defineCommand({
    name: 'migrate',
    summary: 'Applique les migrations de schéma en attente',
    usage: 'estran migrate',
    options: {},
    async run({ database, out }) {
      const { applied, total } = database.migrations;
      out.line(
        applied.length
          ? `Migrations appliquées : ${applied.join(', ')} (${total} au total).`
          : `Schéma à jour (${total} migrations).`,
      );
      return exitCodes.ok;
    },
  }),
  defineCommand({
    name: 'seed-demo',
    summary: 'Remplit une collectivité de démonstration (département réaliste)',
    usage: 'estran seed-demo [--tenant <slug>] [--agents <N>] [--seed <S>]',
    options: { tenant: { type: 'string' }, agents: { type: 'string' }, seed: { type: 'string' } },
    async run({ database, out }, values) {
      const agents = integerOption(values.agents, '--agents attend un entier entre 1 et 200000.', { min: 1, max: 200_000 });
      const seed = integerOption(values.seed, '--seed attend un entier.');
      const report = await seedDemo(database, {
        tenantSlug: values.tenant,
        agents,
        seed,
        onProgress: (done, total) => out.progress(done, total, 'Agents'),
      });
      out.line(
        `Collectivité « ${report.tenantName} » (${report.tenantSlug}) : ${report.units} unités, ${report.sites} sites, ` +
          `${report.agents} agents (${report.nomadic} nomades, ${report.agents - report.nomadic} sédentaires).`,
      );
      return exitCodes.ok;
    },
  }),
  defineCommand({
    name: 'audit verify',
    summary: 'Recalcule la chaîne d’audit de chaque collectivité et nomme la première ligne rompue',
    usage: 'estran audit verify [--tenant <id>]',
    options: { tenant: { type: 'string' } },
    async run({ database, out }, values) {
      const reports = await verifyAuditChain(database, {
        tenantId: values.tenant,
        onProgress: (done) => out.progress(done, null, 'Événements vérifiés'),
      });
      let broken = 0;
      for (const r of reports) {
        if (r.ok) {
          out.line(`OK      ${r.tenantName} (${r.tenantId}) : ${r.events} événements, chaîne intacte`);
        } else {
          broken += 1;
          out.line(
            `ROMPUE  ${r.tenantName} (${r.tenantId}) : événement n° ${r.broken!.seq}${r.broken!.id ? ` (id ${r.broken!.id})` : ''} — ${r.broken!.reason}`,
          );
        }
      }
      if (reports.length === 0) out.note('Aucune collectivité à vérifier.');
      return broken ? exitCodes.dataError : exitCodes.ok;
    },
  }),
  defineCommand({
    name: 'enrolment create',
    summary: 'Crée une invitation d’enrôlement pour un agent et affiche son jeton',
    usage: 'estran enrolment create --agent <e-mail professionnel> [--tenant <slug>] [--method security-key|password-totp]',
    options: { agent: { type: 'string' }, tenant: { type: 'string' }, method: { type: 'string' } },
    async run({ database, config, out }, values) {
      if (values.agent === undefined) throw new UsageError('--agent <e-mail> est requis.');
      const { method } = values;
      if (method !== undefined && method !== 'security-key' && method !== 'password-totp') {
        throw new UsageError('--method attend security-key ou password-totp.');
      }
      const { token, expiresAt, purpose } = await createEnrolmentForLogin(database, {
        login: values.agent,
        tenantSlug: values.tenant,
        method,
      });
      out.line(token);
      out.note(`Lien (valable jusqu’au ${expiresAt.toISOString()}, usage unique) : ${config.origin}/enrol#${token}`);
      if (purpose === 'first-admin') out.note('(invitation du premier administrateur)');
      return exitCodes.ok;
    },
  }),
  defineCommand({
    name: 'guide import',
    summary: 'Importe une édition ou un bulletin de mise à jour du guide (vérifie, puis applique tout ou rien)',
    usage: 'estran guide import <dossier> [--guide <slug>] [--name <nom>] [--tenant <slug>] [--dry-run]',
    options: { guide: { type: 'string' }, name: { type: 'string' }, tenant: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    paths: 1,
    async run({ database, out }, values, [folder]) {
      if (!folder) throw new UsageError('Le dossier à importer est requis.');
      const tenantId = values.tenant ? await tenantIdBySlug(database, values.tenant) : null;
      const report = await importGuidePackage(database, {
        folder,
        guideSlug: values.guide ?? 'guide',
        guideName: values.name,
        tenantId,
        actor: { type: 'cli' },
        dryRun: values['dry-run'] === true,
        onProgress: (done, total) => out.progress(done, total, 'Fichiers'),
      });
      for (const p of report.problems) out.note(`${p.severity === 'fatal' ? 'ERREUR ' : 'attention'} ${p.file ?? ''} : ${p.message}`);
      // "Édition … refusée", "Bulletin … refusé": the participle agrees with the noun.
      const feminine = report.kind === 'edition';
      const what = report.published ? `${feminine ? 'Édition' : 'Bulletin'} du ${report.published}` : 'Paquet';
      const agreed = (participle: string) => `${participle}${feminine ? 'e' : ''}`;
      const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
      if (report.outcome === 'refused') {
        const errors = report.problems.filter((p) => p.severity === 'fatal').length;
        out.line(`${what} ${agreed('refusé')} : ${plural(errors, 'erreur', 'erreurs')} ; rien n’a été modifié.`);
        return exitCodes.dataError;
      }
      if (report.outcome === 'unchanged') {
        out.line(`${what} déjà ${agreed('appliqué')} : rien à faire.`);
        return exitCodes.ok;
      }
      out.line(
        `${what} ${report.outcome === 'checked' ? `${agreed('vérifié')} (rien n’a été appliqué)` : agreed('appliqué')} : ` +
          `${plural(report.added, 'article ajouté', 'articles ajoutés')}, ${plural(report.changed, 'modifié', 'modifiés')}, ` +
          `${plural(report.removed, 'supprimé', 'supprimés')} ; ${plural(report.articlesInForce ?? 0, 'article en vigueur', 'articles en vigueur')}.`,
      );
      return exitCodes.ok;
    },
  }),
  defineCommand({
    name: 'token create',
    summary: 'Crée un jeton de service (intégrations) et l’affiche, seul, une fois',
    usage: 'estran token create --name <nom> --scopes <portée,…> [--tenant <slug>] [--days <N>]',
    options: { name: { type: 'string' }, scopes: { type: 'string' }, tenant: { type: 'string' }, days: { type: 'string' } },
    async run({ database, out }, values) {
      if (values.name === undefined || !values.name.trim()) throw new UsageError('--name <nom> est requis.');
      const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const parsed = z.array(serviceScope).min(1).safeParse(scopes);
      if (!parsed.success) throw new UsageError(`--scopes attend une liste parmi : ${serviceScopes.join(', ')}.`);
      const days = integerOption(values.days, `--days attend un entier entre 1 et ${limits.serviceTokenMaxDays}.`, { min: 1, max: limits.serviceTokenMaxDays }) ?? 90;
      const tenantId = await tenantIdBySlug(database, values.tenant);
      const created = await createServiceToken(database, { tenantId, name: values.name.trim(), scopes: parsed.data, days, actor: { type: 'cli' } });
      out.line(created.token);
      out.note(`Jeton « ${created.name} » (${created.scopes.join(', ')}), valable jusqu’au ${created.expiresAt}. Il ne sera plus affiché.`);
      return exitCodes.ok;
    },
  }),
  directoryImportCommand,
  ...secretCommands,
  ...backupCommands,
  doctorCommand,
];

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage : estran <commande> [options]',
    '',
    'Commandes :',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Avec la base embarquée, si le serveur tourne, la commande passe par lui (socket d’administration).',
  ].join('\n');
}

/** Finds the command named by the first words of argv, its option values and positionals. */
export function parseCommand(argv: string[]): { command: Command; values: Parameters<Command['run']>[1]; positionals: string[] } | null {
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = commands
    .filter((c) => c.name.split(' ').every((w, i) => words[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!command) return null;
  const rest = [...argv];
  for (const w of command.name.split(' ')) rest.splice(rest.indexOf(w), 1);
  try {
    // A config built here, not inline: parseArgs then types its values by any option spec.
    const config: ParseArgsConfig = { args: rest, options: command.options, strict: true, allowPositionals: Boolean(command.paths) };
    const { values, positionals } = parseArgs(config);
    if (positionals.length > (command.paths ?? 0)) throw new Error(`argument en trop : ${positionals.at(-1)}`);
    return { command, values, positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage : ${command.usage}`);
  }
}

/** The same argv with its path arguments made absolute from the caller's directory. */
export function resolvePathArguments(argv: string[], cwd = process.cwd()): string[] {
  const parsed = (() => {
    try {
      return parseCommand(argv);
    } catch {
      return null;
    }
  })();
  if (!parsed?.command.paths) return argv;
  const words = new Set(parsed.command.name.split(' '));
  return argv.map((a) => (parsed.positionals.includes(a) && !words.has(a) ? path.resolve(cwd, a) : a));
}

/** Runs argv's command when it needs no database (doctor): its exit code; null for the others. */
export async function runWithoutDatabase(argv: string[], ctx: Omit<CommandContext, 'database'>): Promise<number | null> {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(argv);
  } catch {
    return null; // runCommand reports the usage error
  }
  if (!parsed?.command.withoutDatabase) return null;
  const context: CommandContext = {
    ...ctx,
    get database(): never {
      throw new Error(`${parsed!.command.name} runs without the database`);
    },
  };
  return runCommand(argv, context);
}

export async function runCommand(argv: string[], ctx: CommandContext): Promise<number> {
  try {
    const parsed = parseCommand(argv);
    if (!parsed) {
      ctx.out.note(helpText());
      return exitCodes.usage;
    }
    return await parsed.command.run(ctx, parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.out.note(error.message);
      return exitCodes.usage;
    }
    ctx.out.note(`Erreur : ${(error as Error).message}`);
    return exitCodes.failure;
  }
}
