// A word-level diff between an article's text in force at two dates (jsdiff's diffWords).
import { diffWordsWithSpace } from 'diff';
import type { ArticleDiff } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { readArticle } from './read-article.ts';

export async function articleDiff(database: Database, input: { tenantId: string; guide?: string | undefined; path: string; from: string; to: string }): Promise<ArticleDiff> {
  const before = await readArticle(database, { tenantId: input.tenantId, guide: input.guide, path: input.path, at: input.from });
  const after = await readArticle(database, { tenantId: input.tenantId, guide: input.guide, path: input.path, at: input.to });
  const parts = diffWordsWithSpace(before.text, after.text).map((p) => ({
    op: p.added ? ('insert' as const) : p.removed ? ('delete' as const) : ('equal' as const),
    text: p.value,
  }));
  return { path: input.path, from: input.from, to: input.to, parts };
}
