// Where the guide's pages live in the web client, and the small date helpers they share.
// Article paths are the server's (relative to the guide's texts/, ending in .md); folder
// paths have no extension; dates are the API's YYYY-MM-DD.
import { query } from '../../lib/api.ts';

/** The language of the guide's texts (French law), marked on them when the interface is in English. */
export const GUIDE_LANG = 'fr';

export const isDay = (s: string | null | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));

export const guideHome = '/guide';
export const tocHref = (folder: string, at?: string) => `/guide/sommaire${folder ? `/${folder}` : ''}${query({ at })}`;
export const articleHref = (path: string, at?: string) => `/guide/articles/${path}${query({ at })}`;
export const printHref = (path: string, at?: string) => `/guide/articles/${path}${query({ at, print: 1 })}`;
export const searchHref = (q: string, at?: string) => `/guide/recherche${query({ q, at })}`;
export const bulletinHref = (published: string) => `/guide/bulletins/${published}`;
export const diffHref = (path: string, from: string, to: string) => `/guide/diff${query({ path, from, to })}`;
export const bookmarksHref = '/guide/favoris';

/** The folder an article or section path sits in ('' for the root). */
export const parentFolder = (path: string) => path.split('/').slice(0, -1).join('/');

/** The day before a YYYY-MM-DD date: the last day the previous version was in force. */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** "1er juillet 2015" / "1 July 2015": a YYYY-MM-DD date as a person reads it. */
export function formatDay(day: string, language: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  const fr = !language.startsWith('en');
  const text = new Intl.DateTimeFormat(fr ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
  return fr ? text.replace(/^1 /, '1er ') : text;
}

/** A timestamp (ISO 8601) as a local date and time. */
export function formatMoment(iso: string, language: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language.startsWith('en') ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: 'short' }).format(d);
}

/** "Article L262-2 — Titre VI : … › Section 2" → the heading and the trail of sections. */
export function splitTitle(title: string): { heading: string; trail: string | null } {
  const i = title.indexOf(' — ');
  return i < 0 ? { heading: title, trail: null } : { heading: title.slice(0, i), trail: title.slice(i + 3) };
}

/** The codes of the corpus by their folder (an article's path starts with it), as a citation names them. */
const CODES: Record<string, string> = {
  'code-de-l-action-sociale-et-des-familles': 'Code de l’action sociale et des familles (CASF)',
  'code-civil': 'Code civil',
  'code-de-la-securite-sociale': 'Code de la sécurité sociale',
  'code-du-travail': 'Code du travail',
  'code-de-la-sante-publique': 'Code de la santé publique',
  'code-general-des-collectivites-territoriales': 'Code général des collectivités territoriales (CGCT)',
};

/**
 * The code an article belongs to, from the first folder of its path ("code-civil/…" →
 * « Code civil »); a folder not listed is spelled out from its name; null outside a code.
 */
export function codeName(path: string): string | null {
  const folder = path.replace(/^\/+/, '').split('/')[0] ?? '';
  if (!folder.startsWith('code-')) return null;
  const known = CODES[folder];
  if (known) return known;
  const words = folder.replace(/-([ld])-/g, ' $1’').replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
