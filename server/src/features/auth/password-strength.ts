// Password strength, judged with zxcvbn-ts and its French and common dictionaries plus
// the agent's own names and e-mail (ANSSI: refuse passwords that are common or built on
// the person's identity). Loaded once, on first use.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { limits } from '@estran/contracts';

let factory: ZxcvbnFactory | null = null;

export type Strength = { ok: boolean; score: number; feedback: string[] };

export function judgePassword(password: string, personal: string[]): Strength {
  factory ??= new ZxcvbnFactory({
    translations: fr.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...fr.dictionary },
  });
  if (password.length < limits.passwordMinLength) {
    return { ok: false, score: 0, feedback: [`Au moins ${limits.passwordMinLength} caractères.`] };
  }
  const result = factory.check(password, personal.filter(Boolean));
  const feedback = [result.feedback.warning, ...result.feedback.suggestions].filter((m): m is string => Boolean(m));
  return { ok: result.score >= limits.passwordMinScore, score: result.score, feedback };
}
