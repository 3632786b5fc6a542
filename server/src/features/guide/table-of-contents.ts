// One level of the table of contents at a date: a folder's sections (in the order of its
// README's links) and articles (in number order), each marked when something in it came
// into force after the agent's last visit. The root lists the codes.
import { and, eq, gt, inArray, isNull, like, lte, or, sql } from 'drizzle-orm';
import type { TocPage } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { guideDocuments, guidePackages, guideVisits } from './schema.ts';
import { notFound } from '../../platform/http-errors.ts';
import { findGuide } from './find-guide.ts';

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });
const prettyFolder = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, ' ');
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function tableOfContents(
  database: Database,
  input: { tenantId: string; agentId: string | null; guide?: string | undefined; path: string; at: string },
): Promise<TocPage> {
  const folder = input.path.replace(/^\/+|\/+$/g, '');
  return database.tenant(input.tenantId, async (tx) => {
    const guide = await findGuide(tx, input.tenantId, input.guide);
    const inForce = and(lte(guideDocuments.validFrom, input.at), or(isNull(guideDocuments.validTo), gt(guideDocuments.validTo, input.at)));
    const prefix = folder ? `${escapeLike(folder)}/%` : '%';
    const rows = await tx
      .select({
        path: guideDocuments.path,
        kind: guideDocuments.kind,
        number: guideDocuments.number,
        heading: guideDocuments.heading,
        importedAt: guidePackages.importedAt,
        packageKind: guidePackages.kind,
      })
      .from(guideDocuments)
      .innerJoin(guidePackages, eq(guidePackages.id, guideDocuments.packageId))
      .where(and(eq(guideDocuments.guideId, guide.id), like(guideDocuments.path, prefix), inForce));
    if (folder && rows.length === 0) throw notFound('Section introuvable à cette date.');

    const [visit] = input.agentId
      ? await tx.select({ at: guideVisits.lastVisitAt }).from(guideVisits).where(and(eq(guideVisits.agentId, input.agentId), eq(guideVisits.guideId, guide.id)))
      : [];
    // Changed since the last visit: brought by a bulletin applied after it (what the agent
    // has not seen yet), whatever the date the text came into force.
    const since = visit?.at ?? null;
    const changedPaths = since
      ? rows.filter((r) => r.kind === 'article' && r.packageKind === 'update' && r.importedAt > since).map((r) => r.path)
      : [];

    const depth = folder ? folder.split('/').length : 0;
    const readme = new Map(rows.filter((r) => r.kind === 'section').map((r) => [r.path.slice(0, -'/README.md'.length), r.heading]));
    // The breadcrumbs' headings: the READMEs of the folders above this one.
    const above = folder ? folder.split('/').map((_, i, all) => `${all.slice(0, i + 1).join('/')}/README.md`) : [];
    if (above.length) {
      const headings = await tx
        .select({ path: guideDocuments.path, heading: guideDocuments.heading })
        .from(guideDocuments)
        .where(and(eq(guideDocuments.guideId, guide.id), inArray(guideDocuments.path, above), inForce));
      for (const h of headings) readme.set(h.path.slice(0, -'/README.md'.length), h.heading);
    }
    const headingOf = (p: string) => readme.get(p) ?? prettyFolder(p.split('/').at(-1)!);
    const subfolders = new Set<string>();
    const articles: TocPage['children'] = [];
    for (const r of rows) {
      const parts = r.path.split('/');
      if (parts.length > depth + 1) subfolders.add(parts.slice(0, depth + 1).join('/'));
      else if (r.kind === 'article') {
        articles.push({ path: r.path, kind: 'article', heading: r.heading, number: r.number, changedSinceLastVisit: changedPaths.includes(r.path) });
      }
    }
    // Sections in the order the folder's README lists them, then the others.
    const own = folder ? rows.find((r) => r.path === `${folder}/README.md`) : undefined;
    const ordered = own ? [...(await readmeOrder(tx, guide.id, `${folder}/README.md`, input.at))] : [];
    const rank = (p: string) => {
      const i = ordered.indexOf(p.split('/').at(-1)!);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const sections = [...subfolders]
      .sort((a, b) => rank(a) - rank(b) || collator.compare(a, b))
      .map((p) => ({ path: p, kind: 'section' as const, heading: headingOf(p), number: null, changedSinceLastVisit: changedPaths.some((c) => c.startsWith(`${p}/`)) }));
    articles.sort((a, b) => collator.compare(a.number ?? '', b.number ?? ''));

    const crumbs = folder
      ? folder.split('/').map((_, i, all) => {
          const p = all.slice(0, i + 1).join('/');
          return { path: p, heading: headingOf(p) };
        })
      : [];
    return { path: folder, heading: folder ? headingOf(folder) : guide.name, breadcrumbs: crumbs, children: [...sections, ...articles] };
  });
}

async function readmeOrder(tx: Parameters<Parameters<Database['tenant']>[1]>[0], guideId: string, readmePath: string, at: string): Promise<string[]> {
  const [row] = await tx
    .select({ body: guideDocuments.body })
    .from(guideDocuments)
    .where(
      and(
        eq(guideDocuments.guideId, guideId),
        eq(guideDocuments.path, readmePath),
        lte(guideDocuments.validFrom, at),
        or(isNull(guideDocuments.validTo), sql`${guideDocuments.validTo} > ${at}`),
      ),
    );
  return [...(row?.body ?? '').matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!.replace(/\/$/, ''));
}
