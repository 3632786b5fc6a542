// `estran secret rotate` and `estran secret activate`: the server secret key file
// (platform/secrets.ts). Each change is audited in the operator's chain (key ids only).
// With the embedded database and a running server, the command runs inside the server
// (admin socket), whose keyring follows at once; with a PostgreSQL server, copy the file
// to every node and restart them. Imported by commands.ts only (it imports UsageError back).
import { ConfigError } from '../config.ts';
import type { Database } from '../db/client.ts';
import { recordAudit } from '../features/audit/index.ts';
import { tenantIdBySlug } from '../features/service-tokens/index.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { activateSecretKey, loadSecretKeys, resealers, rotateSecretKeys } from '../platform/secrets.ts';
import { defineCommand, UsageError, type Command } from './commands.ts';

async function audit(database: Database, action: string, data: Record<string, unknown>): Promise<void> {
  const operator = await tenantIdBySlug(database, undefined).catch(() => null);
  if (!operator) return; // no tenant yet: nothing to audit in
  await database.tenant(operator, (tx) => recordAudit(tx, operator, { action, actor: { type: 'cli' }, data }));
}

const multiNode = (kind: Database['kind']) =>
  kind === 'postgres'
    ? 'Copiez le fichier (mode 0600) sur chaque nœud, puis redémarrez-les un par un.'
    : 'Le serveur en cours d’exécution utilise déjà la nouvelle clé.';

/** Runs a change to the key file; a problem with the file is said, one line each (exit 78). */
function keyFile<T>(out: Parameters<Command['run']>[0]['out'], change: () => T): T | null {
  try {
    return change();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) out.note(problem);
    return null;
  }
}

export const secretCommands: Command[] = [
  defineCommand({
    name: 'secret rotate',
    summary: 'Ajoute une clé secrète serveur (elle scelle désormais ; les anciennes restent pour ouvrir)',
    usage: 'estran secret rotate [--staged] [--reseal]',
    options: { staged: { type: 'boolean' }, reseal: { type: 'boolean' } },
    async run({ database, config, out }, values) {
      if (values.staged && values.reseal) throw new UsageError('--reseal demande une clé active : lancez-le après « estran secret activate ».');
      const rotated = keyFile(out, () => rotateSecretKeys(config, { staged: values.staged === true }));
      if (!rotated) return exitCodes.config;
      await audit(database, 'secret_key.added', { keyId: rotated.keyId, active: rotated.active, fileCreated: rotated.created });
      out.line(rotated.keyId);
      if (rotated.created) out.note(`Fichier de clés créé : ${rotated.file} (mode 0600). Sauvegardez-le à part de la base.`);
      if (rotated.active) {
        out.note(`Nouvelle clé active « ${rotated.keyId} » dans ${rotated.file} ; les anciennes clés restent pour ouvrir. ${multiNode(database.kind)}`);
      } else {
        out.note(
          `Clé « ${rotated.keyId} » ajoutée sans être active : copiez ${rotated.file} sur chaque nœud et redémarrez-les, ` +
            `puis « estran secret activate --key ${rotated.keyId} ».`,
        );
      }
      if (values.reseal) return reseal(database, config, out);
      return exitCodes.ok;
    },
  }),
  defineCommand({
    name: 'secret activate',
    summary: 'Rend active une clé secrète déjà présente dans le fichier (rotation sur plusieurs nœuds)',
    usage: 'estran secret activate --key <identifiant> [--reseal]',
    options: { key: { type: 'string' }, reseal: { type: 'boolean' } },
    async run({ database, config, out }, values) {
      const key = values.key;
      if (typeof key !== 'string') throw new UsageError('--key <identifiant> est requis.');
      const activated = keyFile(out, () => activateSecretKey(config, key));
      if (!activated) return exitCodes.config;
      const { file, previous } = activated;
      await audit(database, 'secret_key.activated', { keyId: key, previous });
      out.line(key);
      out.note(`Clé « ${key} » active dans ${file} (auparavant « ${previous} »). ${multiNode(database.kind)}`);
      if (values.reseal) return reseal(database, config, out);
      return exitCodes.ok;
    },
  }),
];

/** Reseals, with the active key, what every registered feature stores (platform/secrets.ts: registerResealer). */
async function reseal(database: Database, config: Parameters<typeof loadSecretKeys>[0], out: Parameters<Command['run']>[0]['out']) {
  const keyring = loadSecretKeys(config);
  if (resealers.length === 0) {
    out.note('Rien à resceller : aucune fonctionnalité ne conserve encore de secret scellé.');
    return exitCodes.ok;
  }
  for (const r of resealers) {
    const n = await r.reseal(keyring, database);
    out.note(`${r.name} : ${n} secret${n > 1 ? 's' : ''} rescellé${n > 1 ? 's' : ''} avec la clé « ${keyring.activeKeyId} ».`);
  }
  await audit(database, 'secret_key.resealed', { keyId: keyring.activeKeyId, stores: resealers.map((r) => r.name) });
  return exitCodes.ok;
}
