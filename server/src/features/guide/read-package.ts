// Reads an edition or an update bulletin of the guide from a folder, and reports what is
// wrong with it before anything is imported: the manifest (JSON, shape), every path
// (confined to texts/), every listed file (present), every article (its `# Article`
// heading), every section (its `#` heading, the links of its table of contents).
// Problems are fatal (the package cannot be applied) or warnings (the source is odd but
// usable: "Titre : XIV : …"); an importer applies a package only without fatal problems.
// The files come from a folder (`estran guide import`) or from the entries of a zip
// uploaded in the admin area, read in memory (read-package-zip.ts): the same checks.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { guideManifest, type GuideManifest, type GuideProblem } from '@estran/contracts';

export type Problem = GuideProblem;

export type GuideFile =
  | { kind: 'article'; path: string; number: string; heading: string; text: string }
  | { kind: 'section'; path: string; heading: string; links: { label: string; target: string }[]; text: string };

/** Where a package's files are read from; paths are relative to the package's root. */
export type PackageSource = {
  /** A label for messages: the folder, or the uploaded archive. */
  name: string;
  /** The file's text ('manifest.json', 'texts/…'), or null when it is absent. */
  read(rel: string): string | null;
  /** The Markdown files under texts/, relative to texts/; null when there is no texts/. */
  listTexts(): string[] | null;
};

export type GuidePackage = {
  folder: string;
  manifest: GuideManifest | null;
  files: Map<string, GuideFile>;
  problems: Problem[];
};

const ARTICLE_HEADING = /^#\s+Article\s+(\S.*?)\s*$/m;
const FIRST_HEADING = /^#\s+(.+?)\s*$/m;
const LINK = /^\s*-\s+\[([^\]]+)\]\(([^)]+)\)\s*$/gm;

function listMarkdown(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listMarkdown(root, rel));
    else if (entry.isFile() && entry.name.endsWith('.md')) out.push(rel);
  }
  return out;
}

/** Parses one file of texts/; problems are pushed, the file is returned when usable. */
export function parseGuideFile(relPath: string, content: string, problems: Problem[]): GuideFile | null {
  const name = relPath.split('/').at(-1)!;
  if (name === 'README.md') {
    const heading = FIRST_HEADING.exec(content)?.[1];
    if (!heading) {
      problems.push({ severity: 'fatal', file: relPath, message: 'section sans titre (« # … » attendu)' });
      return null;
    }
    // "Titre XIV : …" is the norm; a colon straight after the first word ("Titre : XIV : …",
    // "Titre : III") is a slip of the source, reported, not fatal.
    if (/^\S+\s*:/.test(heading)) {
      problems.push({ severity: 'warning', file: relPath, message: `titre de section inhabituel : « ${heading} »` });
    }
    const links = [...content.matchAll(LINK)].map((m) => ({ label: m[1]!, target: m[2]! }));
    return { kind: 'section', path: relPath, heading, links, text: content };
  }
  if (/^article-.+\.md$/.test(name)) {
    const m = ARTICLE_HEADING.exec(content);
    if (!m) {
      problems.push({ severity: 'fatal', file: relPath, message: 'article sans titre « # Article … »' });
      return null;
    }
    return { kind: 'article', path: relPath, number: m[1]!, heading: `Article ${m[1]}`, text: content.slice(m.index + m[0].length).trim() };
  }
  problems.push({ severity: 'warning', file: relPath, message: 'fichier ignoré (ni article-….md ni README.md)' });
  return null;
}

/** A package in a folder of the file system. */
export function folderSource(folder: string): PackageSource {
  return {
    name: folder,
    read: (rel) => {
      const file = path.join(folder, rel);
      return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : null;
    },
    listTexts: () => {
      const texts = path.join(folder, 'texts');
      return existsSync(texts) && statSync(texts).isDirectory() ? listMarkdown(texts) : null;
    },
  };
}

/** A package held in memory: its files' bytes by path relative to its root. */
export function memorySource(name: string, entries: Map<string, Uint8Array>): PackageSource {
  const utf8 = new TextDecoder();
  const texts = [...entries.keys()].filter((p) => p.startsWith('texts/') && p.endsWith('.md')).map((p) => p.slice('texts/'.length));
  return {
    name,
    read: (rel) => {
      const bytes = entries.get(rel);
      return bytes ? utf8.decode(bytes) : null;
    },
    listTexts: () => (texts.length ? texts : null),
  };
}

export function readGuidePackage(from: string | PackageSource): GuidePackage {
  const source = typeof from === 'string' ? folderSource(from) : from;
  const problems: Problem[] = [];
  const files = new Map<string, GuideFile>();
  const pkg: GuidePackage = { folder: source.name, manifest: null, files, problems };

  const manifestText = source.read('manifest.json');
  if (manifestText === null) {
    problems.push({ severity: 'fatal', file: 'manifest.json', message: 'manifest.json absent' });
    return pkg;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText);
  } catch (error) {
    problems.push({ severity: 'fatal', file: 'manifest.json', message: `manifest.json n’est pas un JSON valide : ${(error as Error).message}` });
    return pkg;
  }
  const parsed = guideManifest.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.join('.');
      const value = issue.path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k as string], raw);
      problems.push({ severity: 'fatal', file: 'manifest.json', message: `${where} : ${issue.message}${typeof value === 'string' ? ` (« ${value} »)` : ''}` });
    }
    return pkg;
  }
  pkg.manifest = parsed.data;
  const present = new Set(source.listTexts() ?? []);

  const wanted = parsed.data.kind === 'edition' ? [...present].sort() : parsed.data.changed;
  if (parsed.data.kind === 'update') {
    for (const p of parsed.data.changed) {
      if (!present.has(p)) problems.push({ severity: 'fatal', file: p, message: 'fichier annoncé dans « changed » mais absent du bulletin' });
    }
    for (const p of present) {
      if (!parsed.data.changed.includes(p)) problems.push({ severity: 'warning', file: p, message: 'fichier présent mais absent de « changed » : ignoré' });
    }
  }
  for (const p of wanted) {
    if (!present.has(p)) continue;
    const file = parseGuideFile(p, source.read(`texts/${p}`) ?? '', problems);
    if (file) files.set(p, file);
  }
  if (parsed.data.kind === 'edition') {
    const articles = [...files.values()].filter((f) => f.kind === 'article').length;
    if (articles !== parsed.data.articles) {
      problems.push({ severity: 'warning', file: 'manifest.json', message: `le manifeste annonce ${parsed.data.articles} articles, le dossier en contient ${articles}` });
    }
    if (present.size !== parsed.data.files) {
      problems.push({ severity: 'warning', file: 'manifest.json', message: `le manifeste annonce ${parsed.data.files} fichiers, le dossier en contient ${present.size}` });
    }
  }
  return pkg;
}

/** Table-of-contents links that lead nowhere, and sections with no content. */
export function checkTableOfContents(files: Map<string, GuideFile>, problems: Problem[]): void {
  const folders = new Set([...files.keys()].map((p) => p.split('/').slice(0, -1).join('/')));
  for (const f of files.values()) {
    if (f.kind !== 'section') continue;
    const dir = f.path.split('/').slice(0, -1).join('/');
    for (const link of f.links) {
      const target = path.posix.normalize(`${dir}/${link.target}`).replace(/\/$/, '');
      const isArticle = target.endsWith('.md');
      if (isArticle ? !files.has(target) : !folders.has(target)) {
        problems.push({ severity: 'warning', file: f.path, message: `lien vers « ${link.target} » (${link.label}) : cible absente` });
      }
    }
    const hasContent = [...files.keys()].some((p) => p !== f.path && p.startsWith(`${dir}/`));
    if (!hasContent) problems.push({ severity: 'warning', file: f.path, message: 'section vide' });
  }
}
