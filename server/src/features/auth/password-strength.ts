// Password strength, judged with zxcvbn-ts and its French and common dictionaries plus
// the agent's own names and e-mail (ANSSI: refuse passwords that are common or built on
// the person's identity). Loaded once, on first use.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { foldAccents, limits } from '@estran/contracts';

let factory: ZxcvbnFactory | null = null;

export type Strength = { ok: boolean; score: number; feedback: string[] };

const plain = (s: string) => foldAccents(s.toLowerCase()).replace(/[^a-z0-9]/g, '');

/** The person's names as they may be typed: joined, reversed, with or without accents. */
export function personalWords(input: { firstName: string; lastName: string; email: string; extra?: string[] }): string[] {
  const local = input.email.split('@')[0] ?? '';
  const f = input.firstName.trim();
  const l = input.lastName.trim();
  const joins = ['', ' ', '.', '-', '_'];
  const combos = joins.flatMap((j) => [`${f}${j}${l}`, `${l}${j}${f}`]);
  return [...new Set([f, l, local, input.email, ...local.split(/[._-]/), ...combos, ...(input.extra ?? [])].flatMap((w) => [w, plain(w)]).filter((w) => w.length >= 2))];
}

export function judgePassword(password: string, personal: string[]): Strength {
  factory ??= new ZxcvbnFactory({
    translations: fr.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...fr.dictionary },
  });
  if (password.length < limits.passwordMinLength) {
    return { ok: false, score: 0, feedback: [`Au moins ${limits.passwordMinLength} caractères.`] };
  }
  // Mostly the person's own names (zxcvbn scores "Maëlys Quéré" high): refused outright.
  const core = plain(password).replace(/\d+$/, '');
  const names = personal.map(plain).filter((w) => w.length >= 3);
  let rest = core;
  for (const w of names.sort((a, b) => b.length - a.length)) rest = rest.split(w).join('');
  if (core.length > 0 && rest.length <= core.length / 3) {
    return { ok: false, score: 0, feedback: ['Le mot de passe ne doit pas reprendre votre nom ou votre identifiant.'] };
  }
  const result = factory.check(password, personal.filter(Boolean));
  const feedback = [result.feedback.warning, ...result.feedback.suggestions].filter((m): m is string => Boolean(m));
  return { ok: result.score >= limits.passwordMinScore, score: result.score, feedback };
}
