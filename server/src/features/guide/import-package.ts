// Importing an edition or an update bulletin into a guide (`estran guide import`).
//
// Steps:
//   1. read and check the package (read-package.ts); any fatal problem refuses it     → refused
//   2. the guide is found or created: the tenant's, or shared by the operator
//   3. a package of the same date already applied: nothing to do                      → no-op
//   4. a bulletin must follow the guide's current package; an edition must be newer   → refused
//   5. a removed file must be in force                                                 → refused
//   6. in one transaction: the package row, the versions it ends (valid_to), the
//      versions it starts (valid_from), an audit event — all or nothing
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { GuideImportReport } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { guideDocuments, guidePackages, guides } from './schema.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { findTenantId } from '../org/index.ts';
import { checkTableOfContents, readGuidePackage, type GuideFile, type PackageSource, type Problem } from './read-package.ts';

/** The report the CLI prints and the admin API answers (contracts: guideImportReport). */
export type ImportReport = GuideImportReport;

class Refused extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super('refused');
    this.problems = problems;
  }
}
class DryRun extends Error {}

const BATCH = 500;

export async function importGuidePackage(
  database: Database,
  input: {
    /** A folder (the CLI), or a package read in memory (an uploaded zip). */
    folder: string | PackageSource;
    guideSlug: string;
    guideName?: string | undefined;
    /** The owning tenant; null: shared by the operator with every tenant. */
    tenantId: string | null;
    actor: AuditActor;
    dryRun?: boolean;
    requestId?: string | undefined;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ImportReport> {
  const pkg = readGuidePackage(input.folder);
  if (pkg.manifest?.kind === 'edition') checkTableOfContents(pkg.files, pkg.problems);
  const report: ImportReport = {
    guide: input.guideSlug,
    kind: pkg.manifest?.kind ?? null,
    published: pkg.manifest?.published ?? null,
    outcome: 'refused',
    added: 0,
    changed: 0,
    removed: 0,
    articlesInForce: null,
    problems: pkg.problems,
  };
  const manifest = pkg.manifest;
  if (!manifest || pkg.problems.some((p) => p.severity === 'fatal')) return report;

  const operatorTenant = input.tenantId ? null : await database.operator((tx) => findTenantId(tx));
  const auditTenant = input.tenantId ?? operatorTenant;
  if (!auditTenant) {
    report.problems.push({ severity: 'fatal', file: null, message: 'aucune collectivité opérateur : démarrez le serveur une première fois' });
    return report;
  }
  const inScope = <T>(fn: (tx: Tx) => Promise<T>) =>
    input.tenantId ? database.tenant(input.tenantId, fn) : database.operator(fn, { tenantId: auditTenant });

  try {
    return await inScope(async (tx) => {
      // 2. The guide.
      const owner = input.tenantId ? eq(guides.tenantId, input.tenantId) : isNull(guides.tenantId);
      let [guide] = await tx.select().from(guides).where(and(owner, eq(guides.slug, input.guideSlug)));
      guide ??= (
        await tx
          .insert(guides)
          .values({ tenantId: input.tenantId, slug: input.guideSlug, name: input.guideName ?? 'Guide documentaire' })
          .returning()
      )[0]!;
      // 3–4. Where the guide stands.
      const [current] = await tx
        .select({ published: guidePackages.published, kind: guidePackages.kind })
        .from(guidePackages)
        .where(eq(guidePackages.guideId, guide.id))
        .orderBy(desc(guidePackages.published))
        .limit(1);
      const [same] = await tx
        .select({ kind: guidePackages.kind })
        .from(guidePackages)
        .where(and(eq(guidePackages.guideId, guide.id), eq(guidePackages.published, manifest.published)));
      if (same && same.kind === manifest.kind) {
        report.outcome = 'unchanged';
        return report;
      }
      if (manifest.kind === 'update' && current?.published !== manifest.follows) {
        throw new Refused([
          {
            severity: 'fatal',
            file: 'manifest.json',
            message: current
              ? `ce bulletin suit le ${manifest.follows}, mais le guide en est au ${current.published} : appliquez d’abord les bulletins intermédiaires`
              : `ce bulletin suit le ${manifest.follows}, mais le guide n’a encore aucune édition : importez d’abord l’édition`,
          },
        ]);
      }
      if (manifest.kind === 'edition' && current && current.published >= manifest.published) {
        throw new Refused([{ severity: 'fatal', file: 'manifest.json', message: `le guide en est déjà au ${current.published}, plus récent que cette édition` }]);
      }

      // 5. What is in force now, for the paths this package touches.
      const touched = manifest.kind === 'update' ? [...manifest.changed, ...manifest.removed] : null;
      const open = new Set(
        (
          await tx
            .select({ path: guideDocuments.path })
            .from(guideDocuments)
            .where(and(eq(guideDocuments.guideId, guide.id), isNull(guideDocuments.validTo), ...(touched ? [inArray(guideDocuments.path, touched)] : [])))
        ).map((r) => r.path),
      );
      if (manifest.kind === 'update') {
        const ghosts = manifest.removed.filter((p) => !open.has(p));
        if (ghosts.length) {
          throw new Refused(ghosts.map((p) => ({ severity: 'fatal' as const, file: p, message: 'suppression d’un fichier qui n’est pas en vigueur' })));
        }
      }

      // 6. Apply.
      const [row] = await tx
        .insert(guidePackages)
        .values({
          guideId: guide.id,
          tenantId: input.tenantId,
          kind: manifest.kind,
          published: manifest.published,
          follows: manifest.kind === 'update' ? manifest.follows : null,
          references: manifest.kind === 'update' ? manifest.references : [],
          report: { problems: report.problems },
        })
        .returning({ id: guidePackages.id });
      const ending = manifest.kind === 'update' ? [...manifest.changed.filter((p) => open.has(p)), ...manifest.removed] : null;
      await tx
        .update(guideDocuments)
        .set({ validTo: manifest.published })
        .where(and(eq(guideDocuments.guideId, guide.id), isNull(guideDocuments.validTo), ...(ending ? [inArray(guideDocuments.path, ending)] : [])));
      const files = [...pkg.files.values()];
      for (let i = 0; i < files.length; i += BATCH) {
        await tx.insert(guideDocuments).values(
          files.slice(i, i + BATCH).map((f: GuideFile) => ({
            guideId: guide.id,
            tenantId: input.tenantId,
            path: f.path,
            kind: f.kind,
            number: f.kind === 'article' ? f.number : null,
            heading: f.heading,
            body: f.text,
            validFrom: manifest.published,
            packageId: row!.id,
          })),
        );
        input.onProgress?.(Math.min(i + BATCH, files.length), files.length);
      }
      const articles = files.filter((f) => f.kind === 'article');
      report.added = articles.filter((f) => !open.has(f.path)).length;
      report.changed = articles.filter((f) => open.has(f.path)).length;
      report.removed = manifest.kind === 'update' ? manifest.removed.filter((p) => /\/article-[^/]+\.md$/.test(p)).length : 0;
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(guideDocuments)
        .where(and(eq(guideDocuments.guideId, guide.id), isNull(guideDocuments.validTo), eq(guideDocuments.kind, 'article')));
      report.articlesInForce = n;
      await tx.update(guidePackages).set({ report: { ...report } }).where(eq(guidePackages.id, row!.id));
      await recordAudit(tx, auditTenant, {
        action: 'guide.package_imported',
        actor: input.actor,
        target: { type: 'guide', id: guide.id },
        data: { guide: guide.slug, shared: input.tenantId === null, kind: manifest.kind, published: manifest.published, added: report.added, changed: report.changed, removed: report.removed },
        requestId: input.requestId,
      });
      if (input.dryRun) {
        report.outcome = 'checked';
        throw new DryRun();
      }
      report.outcome = 'applied';
      return report;
    });
  } catch (error) {
    if (error instanceof DryRun) return report;
    if (error instanceof Refused) {
      report.outcome = 'refused';
      report.problems.push(...error.problems);
      return report;
    }
    throw error;
  }
}
