// Secrets at rest, one helper: the server secret key file, and sealing and opening the
// secrets later features keep in the database (directory bind passwords, document data
// keys, provider API keys).
//
// Where the keys are. `ESTRAN_SECRET_KEY_FILE`, else `<data dir>/secret.key`. With the
// embedded database the file is generated there on first start (mode 0600); with a
// PostgreSQL server a missing file is a configuration error (exit 78): every node must
// share the same keys, so the operator creates the file once (`estran secret rotate`)
// and copies it to each node. A file that others may read (any group/other permission
// bit) is refused, as ssh refuses a private key.
//
// The file: UTF-8 text, one key per line, `#` comments and blank lines ignored:
//
//     <key id> <base64 of 32 random bytes> [active]
//
// A key id is 1–40 characters from [A-Za-z0-9_-] (`estran secret rotate` names them
// `k<yyyymmdd>-<6 hex>`). Exactly one key is marked `active`: it seals; every key listed
// opens. Rotation adds a new key and moves the marker; old keys stay so that what they
// sealed still opens, until everything has been resealed and an operator removes them.
// With several nodes, `rotate --staged` adds the key unmarked (copy the file to every
// node, restart them), then `estran secret activate <key id>` moves the marker (copy,
// restart again): no node ever meets a key it does not hold.
//
// Sealed values: AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce (§8.2.2: at
// most 2^32 random nonces per key — rotate well before), the 128-bit tag appended, and
// as additional authenticated data the format version, the key id and the caller's
// context (the purpose and the owner, e.g. `directory.bind-password:<tenant>:<id>`), so
// a sealed value moved to another row, tenant or purpose does not open. One string,
// self-describing, safe in a text column, a URL or JSON:
//
//     v1.<key id>.<nonce, base64url>.<ciphertext and tag, base64url>
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { Database } from '../db/client.ts';

const VERSION = 'v1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,40}$/;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

export type SecretKey = { id: string; key: Buffer; active: boolean };

/** A sealed value that does not open: wrong context, unknown key, altered or truncated. */
export class SecretOpenError extends Error {}

/** The key file's path for this configuration. */
export function secretKeyPath(config: Pick<Config, 'secretKeyFile' | 'dataDir'>): string {
  return config.secretKeyFile ?? path.join(config.dataDir, 'secret.key');
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`estran-sealed/${VERSION}\n${keyId}\n${context}`, 'utf8');
}

/**
 * The server's keys, loaded once. Keys live in a private field: logging or serialising
 * the keyring shows its key ids only.
 */
export class SecretKeyring {
  #keys = new Map<string, Buffer>();
  #activeKeyId = '';

  constructor(keys: SecretKey[]) {
    this.replaceKeys(keys);
  }

  get activeKeyId(): string {
    return this.#activeKeyId;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** A keyring of one random key, gone with the process: for tests (main.ts loads the file). */
  static ephemeral(): SecretKeyring {
    return new SecretKeyring([{ id: 'ephemeral', key: randomBytes(KEY_BYTES), active: true }]);
  }

  /** After a rotation in this process (the admin socket runs the command in the server). */
  replaceKeys(keys: SecretKey[]): void {
    const active = keys.filter((k) => k.active);
    if (active.length !== 1) throw new Error('exactly one active key');
    this.#keys = new Map(keys.map((k) => [k.id, Buffer.from(k.key)]));
    this.#activeKeyId = active[0]!.id;
  }

  /** Seals `plaintext` for `context` with the active key. */
  seal(plaintext: string | Uint8Array, context: string): string {
    const keyId = this.activeKeyId;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(keyId)!, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(keyId, context));
    const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${keyId}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Opens a value sealed for `context` by any key of the file; throws SecretOpenError. */
  open(sealed: string, context: string): Buffer {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretOpenError('Valeur scellée illisible (format inconnu).');
    const [, keyId, nonceText, bodyText] = parts as [string, string, string, string];
    const key = this.#keys.get(keyId);
    if (!key) {
      throw new SecretOpenError(`Valeur scellée par la clé « ${keyId} », absente du fichier de clés : remettez cette clé dans le fichier.`);
    }
    const nonce = Buffer.from(nonceText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new SecretOpenError('Valeur scellée illisible (tronquée).');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyId, context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new SecretOpenError('Valeur scellée refusée : altérée, ou scellée pour un autre usage.');
    }
  }

  openString(sealed: string, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }

  /**
   * A fresh data key (32 random bytes) for envelope encryption (a document, a file), and
   * the same key sealed for `context`, to store beside what it encrypts.
   */
  createDataKey(context: string): { key: Buffer; sealed: string } {
    const key = randomBytes(KEY_BYTES);
    return { key, sealed: this.seal(key, context) };
  }

  /** The data key of `sealed` (createDataKey). */
  openDataKey(sealed: string, context: string): Buffer {
    const key = this.open(sealed, context);
    if (key.length !== KEY_BYTES) throw new SecretOpenError('Clé de données scellée de taille inattendue.');
    return key;
  }

  /** True when `sealed` was sealed by another key than the active one (to reseal after a rotation). */
  needsReseal(sealed: string): boolean {
    return sealed.split('.')[1] !== this.activeKeyId;
  }

  /** Opened with its key and sealed again with the active key (rotation). */
  reseal(sealed: string, context: string): string {
    return this.needsReseal(sealed) ? this.seal(this.open(sealed, context), context) : sealed;
  }

  toJSON() {
    return { activeKeyId: this.activeKeyId, keyIds: this.keyIds };
  }
}

/** Parses a key file's text; problems name the line, in French. */
export function parseSecretKeyFile(text: string, file: string): { keys: SecretKey[]; problems: string[] } {
  const keys: SecretKey[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${file}, ligne ${i + 1}`;
    const [id, material, marker, ...rest] = line.split(/\s+/);
    if (!id || !KEY_ID_RE.test(id)) {
      problems.push(`${where} : identifiant de clé invalide (1 à 40 caractères parmi A-Z a-z 0-9 _ -).`);
      return;
    }
    const key = material && BASE64_RE.test(material) ? Buffer.from(material, 'base64') : null;
    if (!key || key.length !== KEY_BYTES) {
      problems.push(`${where} : la clé « ${id} » doit être 32 octets en base64 (44 caractères).`);
      return;
    }
    if ((marker !== undefined && marker !== 'active') || rest.length) {
      problems.push(`${where} : après la clé, seul le mot « active » est permis.`);
      return;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`${where} : l’identifiant « ${id} » apparaît deux fois.`);
      return;
    }
    keys.push({ id, key, active: marker === 'active' });
  });
  const active = keys.filter((k) => k.active).length;
  if (!problems.length) {
    if (keys.length === 0) problems.push(`${file} : aucune clé. Créez-en une avec « estran secret rotate ».`);
    else if (active === 0) problems.push(`${file} : aucune clé n’est marquée « active » ; ajoutez « active » à la fin de la ligne de la clé qui scelle.`);
    else if (active > 1) problems.push(`${file} : ${active} clés sont marquées « active » ; une seule doit l’être.`);
  }
  return { keys, problems };
}

export function formatSecretKeyFile(keys: SecretKey[]): string {
  return [
    '# Clés secrètes du serveur Estran (ESTRAN_SECRET_KEY_FILE). Ne pas partager, ne pas perdre :',
    '# sans elles, les secrets scellés en base ne s’ouvrent plus. Sauvegardez ce fichier à part.',
    '# <identifiant> <32 octets en base64> [active] — la clé « active » scelle, toutes ouvrent.',
    ...keys.map((k) => `${k.id} ${k.key.toString('base64')}${k.active ? ' active' : ''}`),
    '',
  ].join('\n');
}

function permissionProblem(file: string): string | null {
  const mode = statSync(file).mode & 0o777;
  return mode & 0o077
    ? `${file} est accessible à d’autres utilisateurs (mode ${mode.toString(8).padStart(4, '0')}) : « chmod 600 ${file} », propriétaire l’utilisateur du service.`
    : null;
}

/** What is wrong with the key file, if anything (for `estran doctor` and the boot). */
export function checkSecretKeys(config: Pick<Config, 'secretKeyFile' | 'dataDir'>): { ok: boolean; file: string; problems: string[]; activeKeyId: string | null; keyIds: string[] } {
  const file = secretKeyPath(config);
  const result = (problems: string[], keys: SecretKey[] = []) => ({
    ok: problems.length === 0,
    file,
    problems,
    activeKeyId: problems.length ? null : (keys.find((k) => k.active)?.id ?? null),
    keyIds: keys.map((k) => k.id),
  });
  if (!existsSync(file)) {
    return result([
      `Le fichier de clés secrètes ${file} n’existe pas. Créez-le avec « estran secret rotate » ` +
        '(sur un serveur, puis copiez-le, mode 0600, sur chaque nœud) ou indiquez son chemin dans ESTRAN_SECRET_KEY_FILE.',
    ]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return result([`Le fichier de clés secrètes ${file} est illisible : ${(error as Error).message}.`]);
  }
  const permission = permissionProblem(file);
  const { keys, problems } = parseSecretKeyFile(text, file);
  return result(permission ? [permission, ...problems] : problems, keys);
}

/** Writes the key file atomically (temp file + rename), mode 0600. `exclusive`: fails if it exists. */
function writeKeyFile(file: string, keys: SecretKey[], exclusive: boolean): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, formatSecretKeyFile(keys), { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600); // the umask may have narrowed it; never widened
  try {
    // link() fails when the target exists: two first starts never write two keys.
    if (exclusive) linkSync(temp, file);
    else renameSync(temp, file);
  } finally {
    if (existsSync(temp)) unlinkSync(temp);
  }
}

function newKeyId(existing: string[]): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  let id: string;
  do id = `k${day}-${randomBytes(3).toString('hex')}`;
  while (existing.includes(id));
  return id;
}

/**
 * The keyring for this configuration. The embedded database (`generate`) creates the
 * default file on first start; otherwise a missing or bad file is a ConfigError (exit 78).
 */
export function loadSecretKeys(config: Pick<Config, 'secretKeyFile' | 'dataDir'>, options: { generate?: boolean } = {}): SecretKeyring {
  const file = secretKeyPath(config);
  if (!existsSync(file) && options.generate && config.secretKeyFile === null) {
    try {
      writeKeyFile(file, [{ id: newKeyId([]), key: randomBytes(KEY_BYTES), active: true }], true);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first
    }
  }
  const check = checkSecretKeys(config);
  if (!check.ok) throw new ConfigError(check.problems.map((p) => `ESTRAN_SECRET_KEY_FILE: ${p}`));
  const keyring = new SecretKeyring(parseSecretKeyFile(readFileSync(file, 'utf8'), file).keys);
  if (!loaded.has(file)) loaded.set(file, new Set());
  loaded.get(file)!.add(keyring);
  return keyring;
}

/** The keyrings this process loaded, by file: a rotation run here refreshes them. */
const loaded = new Map<string, Set<SecretKeyring>>();

function refreshLoaded(file: string): void {
  const keys = parseSecretKeyFile(readFileSync(file, 'utf8'), file).keys;
  for (const keyring of loaded.get(file) ?? []) keyring.replaceKeys(keys);
}

/**
 * Adds a new key. Not `staged`: it becomes the active key at once (one node, or the
 * embedded database). `staged`: it opens only, until `activateSecretKey`. Creates the
 * file when there is none. Old keys are kept.
 */
export function rotateSecretKeys(config: Pick<Config, 'secretKeyFile' | 'dataDir'>, options: { staged?: boolean } = {}): { file: string; keyId: string; created: boolean; active: boolean } {
  const file = secretKeyPath(config);
  const created = !existsSync(file);
  let keys: SecretKey[] = [];
  if (!created) {
    const check = checkSecretKeys(config);
    if (!check.ok) throw new ConfigError(check.problems);
    keys = parseSecretKeyFile(readFileSync(file, 'utf8'), file).keys;
  }
  const active = created || !options.staged;
  const keyId = newKeyId(keys.map((k) => k.id));
  const next = [{ id: keyId, key: randomBytes(KEY_BYTES), active }, ...keys.map((k) => ({ ...k, active: active ? false : k.active }))];
  writeKeyFile(file, next, created);
  refreshLoaded(file);
  return { file, keyId, created, active };
}

/** Makes `keyId` (already in the file) the active key. */
export function activateSecretKey(config: Pick<Config, 'secretKeyFile' | 'dataDir'>, keyId: string): { file: string; previous: string | null } {
  const check = checkSecretKeys(config);
  if (!check.ok) throw new ConfigError(check.problems);
  const file = check.file;
  const keys = parseSecretKeyFile(readFileSync(file, 'utf8'), file).keys;
  const target = keys.find((k) => k.id === keyId);
  if (!target) throw new ConfigError([`${file} : aucune clé « ${keyId} » (clés : ${keys.map((k) => k.id).join(', ')}).`]);
  const previous = keys.find((k) => k.active)?.id ?? null;
  writeKeyFile(file, keys.map((k) => ({ ...k, active: k.id === keyId })), false);
  refreshLoaded(file);
  return { file, previous };
}

/**
 * What a feature that stores sealed values registers (from its index.ts, at import) so
 * that `estran secret rotate --reseal` reseals it with the active key: it reads its
 * sealed values whose key is not the active one (`keyring.needsReseal`), writes
 * `keyring.reseal(value, context)` back in the tenant's transaction with an audit
 * entry, and says how many it resealed. Registered today: the directory's LDAP bind
 * passwords (features/directory/ldap-reseal.ts).
 */
export type Resealer = { name: string; reseal(keyring: SecretKeyring, database: Database): Promise<number> };
export const resealers: Resealer[] = [];
export function registerResealer(resealer: Resealer): void {
  if (!resealers.some((r) => r.name === resealer.name)) resealers.push(resealer);
}
