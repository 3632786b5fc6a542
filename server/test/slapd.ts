// A real OpenLDAP server for a test (issue 17: "tested against a real OpenLDAP server"):
// Debian's slapd started in a temporary folder on free ports (ldap:// with StartTLS and
// ldaps://, a self-signed certificate made with openssl), an mdb database loaded offline
// with slapadd from a generated tree of units (ou), agents (inetOrgPerson, memberOf set
// through the memberof overlay's attribute) and groups (groupOfNames), and stopped by
// its PID. `modify(ldif)` changes the tree while it runs (ldapmodify as the root DN).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const LDAP_SUFFIX = 'dc=estran,dc=test';
export const LDAP_ROOT_DN = `cn=admin,${LDAP_SUFFIX}`;
/** The read-only account Estran binds with. */
export const LDAP_BIND_DN = `cn=estran,ou=services,${LDAP_SUFFIX}`;
export const LDAP_BIND_PASSWORD = 'lecture-annuaire-7Qz';
export const LDAP_PEOPLE_DN = `ou=people,${LDAP_SUFFIX}`;
export const LDAP_GROUPS_DN = `ou=groups,${LDAP_SUFFIX}`;
export const LDAP_UNITS_DN = `ou=units,${LDAP_SUFFIX}`;
const ROOT_PASSWORD = 'racine-annuaire-3Vx';

export type LdapAgent = {
  uid: string;
  givenName: string;
  sn: string;
  mail: string;
  telephoneNumber?: string;
  mobile?: string;
  /** The unit, as the directory names it (mapped through `departmentNumber`). */
  department?: string;
  /** Group common names (ou=groups) the agent is a member of. */
  groups?: string[];
};

export type LdapTree = { units: string[]; groups: string[]; agents: LdapAgent[] };

export type Slapd = {
  /** ldap:// (plain, or upgraded with StartTLS). */
  url: string;
  /** ldaps:// (TLS from the first byte). */
  ldapsUrl: string;
  /** The self-signed CA certificate (PEM) that signed the server's certificate. */
  caCertificate: string;
  pid: number;
  /** Applies an LDIF change (ldapmodify as the root DN). */
  modify(ldif: string): void;
  stop(): Promise<void>;
};

export const agentDn = (uid: string) => `uid=${uid},${LDAP_PEOPLE_DN}`;
export const groupDn = (cn: string) => `cn=${cn},${LDAP_GROUPS_DN}`;

/** A tree of `count` agents spread over `units`, every tenth a member of `encadrants`. */
export function generateTree(count: number, units = ['Circonscription Nord', 'Circonscription Sud', 'Direction de l’action sociale']): LdapTree {
  const agents: LdapAgent[] = [];
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(5, '0');
    agents.push({
      uid: `agent${n}`,
      givenName: `Prénom${n}`,
      sn: `Nom${n}`,
      mail: `agent${n}@departement.test`,
      telephoneNumber: `+33 1 23 45 ${n.slice(1, 3)} ${n.slice(3)}`,
      mobile: `+33 6 12 34 ${n.slice(1, 3)} ${n.slice(3)}`,
      department: units[i % units.length],
      groups: i % 10 === 0 ? ['encadrants', 'agents-dsi'] : ['agents-dsi'],
    });
  }
  return { units, groups: ['encadrants', 'agents-dsi', 'administrateurs'], agents };
}

/** The LDIF of one agent entry (memberOf written directly: slapadd bypasses the overlay). */
export function agentLdif(a: LdapAgent): string {
  const lines = [
    `dn: ${agentDn(a.uid)}`,
    'objectClass: inetOrgPerson',
    `uid: ${a.uid}`,
    `cn: ${a.givenName} ${a.sn}`,
    `givenName: ${a.givenName}`,
    `sn: ${a.sn}`,
    `mail: ${a.mail}`,
  ];
  if (a.telephoneNumber) lines.push(`telephoneNumber: ${a.telephoneNumber}`);
  if (a.mobile) lines.push(`mobile: ${a.mobile}`);
  if (a.department) lines.push(`departmentNumber: ${a.department}`);
  for (const g of a.groups ?? []) lines.push(`memberOf: ${groupDn(g)}`);
  return lines.map(ldifLine).join('\n');
}

/** A non-ASCII value goes base64 (RFC 2849 §3: `attr:: base64`). */
function ldifLine(line: string): string {
  const i = line.indexOf(': ');
  const value = line.slice(i + 2);
  // eslint-disable-next-line no-control-regex
  return /^[\x01-\x7f]*$/.test(value) ? line : `${line.slice(0, i)}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

export function treeLdif(tree: LdapTree): string {
  const entries: string[] = [
    `dn: ${LDAP_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: estran\no: Département de test`,
    `dn: ou=services,${LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: services`,
    `dn: ${LDAP_BIND_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: estran\nuserPassword: ${LDAP_BIND_PASSWORD}`,
    `dn: ${LDAP_PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ${LDAP_GROUPS_DN}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ${LDAP_UNITS_DN}\nobjectClass: organizationalUnit\nou: units`,
  ];
  for (const unit of tree.units) entries.push([`dn: ou=${unit},${LDAP_UNITS_DN}`, 'objectClass: organizationalUnit', `ou: ${unit}`].map(ldifLine).join('\n'));
  for (const g of tree.groups) {
    const members = tree.agents.filter((a) => a.groups?.includes(g)).map((a) => `member: ${agentDn(a.uid)}`);
    // groupOfNames requires a member: the root DN stands in for an empty group.
    entries.push([`dn: ${groupDn(g)}`, 'objectClass: groupOfNames', `cn: ${g}`, ...(members.length ? members : [`member: ${LDAP_ROOT_DN}`])].join('\n'));
  }
  for (const a of tree.agents) entries.push(agentLdif(a));
  return `${entries.join('\n\n')}\n`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} a échoué (${result.status}) : ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** A CA and a server certificate for 127.0.0.1 / localhost, made with openssl. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const ca = path.join(dir, 'ca.pem');
  const caKey = path.join(dir, 'ca.key');
  const key = path.join(dir, 'server.key');
  const csr = path.join(dir, 'server.csr');
  const cert = path.join(dir, 'server.pem');
  const ext = path.join(dir, 'server.ext');
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=Estran test CA']);
  run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=localhost']);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  return { ca, cert, key };
}

/** Starts slapd with `tree` loaded; call stop() after (the test's `after`). */
export async function startSlapd(tree: LdapTree): Promise<Slapd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'estran-slapd-'));
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  const certs = makeCertificates(dir);
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      `TLSCACertificateFile ${certs.ca}`,
      `TLSCertificateFile ${certs.cert}`,
      `TLSCertificateKeyFile ${certs.key}`,
      'sizelimit unlimited',
      'database mdb',
      `suffix "${LDAP_SUFFIX}"`,
      `rootdn "${LDAP_ROOT_DN}"`,
      `rootpw ${ROOT_PASSWORD}`,
      `directory ${dataDir}`,
      'maxsize 1073741824',
      'dbnosync',
      'index objectClass eq',
      'index uid eq',
      'overlay memberof',
      // Passwords are for binding only; the directory is read by bound accounts, never anonymously.
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by users read by * none',
      '',
    ].join('\n'),
  );
  const ldif = path.join(dir, 'tree.ldif');
  writeFileSync(ldif, treeLdif(tree));
  run('slapadd', ['-q', '-f', conf, '-l', ldif]);

  const port = await freePort();
  const ldapsPort = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  // -d 0: stays in the foreground (its PID is ours to stop) with no debug output.
  const child: ChildProcess = spawn('slapd', ['-d', '0', '-f', conf, '-h', `${url} ${ldapsUrl}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd s’est arrêté au démarrage : ${stderr}`);
    const ok = spawnSync('ldapsearch', ['-x', '-H', url, '-D', LDAP_ROOT_DN, '-w', ROOT_PASSWORD, '-b', LDAP_SUFFIX, '-s', 'base', 'dn'], { encoding: 'utf8' });
    if (ok.status === 0) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`slapd ne répond pas sur ${url} : ${ok.stderr} ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    ldapsUrl,
    caCertificate: readFileSync(certs.ca, 'utf8'),
    pid: child.pid!,
    modify(change: string) {
      run('ldapmodify', ['-x', '-H', url, '-D', LDAP_ROOT_DN, '-w', ROOT_PASSWORD], change);
    },
    async stop() {
      if (child.exitCode === null) {
        process.kill(child.pid!, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
