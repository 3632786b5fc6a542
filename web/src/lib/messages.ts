// Interface text, per feature: each feature folder declares its own top-level sections in
// messages.fr.ts (`export const fr = { … } as const`, French, the reference language) and
// messages.en.ts (`export const en: Translation<typeof fr> = { … }`), so English must have
// exactly French's keys (the type checks it; app/messages.test.ts checks again at run
// time, and that no two features declare the same section). The shell's and the shared
// sections use defineMessages(fr, en), the same check in one file. The shell
// (app/i18n.ts) merges every feature's messages into i18next's one dictionary, so pages
// keep writing t('section.key').
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export type Translation<T> = Widen<T>;

export type FeatureMessages = { fr: Record<string, unknown>; en: Record<string, unknown> };

export function defineMessages<const F extends Record<string, unknown>>(fr: F, en: Translation<F>): { fr: F; en: Translation<F> } {
  return { fr, en };
}

/** Merges features' messages; a section declared twice is a programming error. */
export function mergeMessages(all: readonly FeatureMessages[]): FeatureMessages {
  const fr: Record<string, unknown> = {};
  const en: Record<string, unknown> = {};
  for (const m of all) {
    for (const [section, value] of Object.entries(m.fr)) {
      if (section in fr) throw new Error(`Section de messages déclarée deux fois : ${section}`);
      fr[section] = value;
    }
    Object.assign(en, m.en);
  }
  return { fr, en };
}

/** Keys (dotted paths) present in one language and missing in the other. */
export function missingKeys(a: unknown, b: unknown, prefix = ''): string[] {
  if (typeof a !== 'object' || a === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    const p = prefix ? `${prefix}.${k}` : k;
    const other = typeof b === 'object' && b !== null ? (b as Record<string, unknown>)[k] : undefined;
    if (other === undefined) out.push(p);
    else if (typeof v === 'object') out.push(...missingKeys(v, other, p));
  }
  return out;
}
