export * from './format.ts';
export * from './search.ts';
export * from './api.ts';
export * from './admin.ts';
export { canonicalNumber, extractArticleNumbers } from './article-numbers.ts';
export { referencedNumbers, referenceNumber, referenceQuery, splitReferences, type TextPiece } from './article-references.ts';
export { foldAccents, terms, termOf } from './french.ts';
export { defaultSynonyms } from './synonyms.ts';
export { distinctPhrases, formatSynonymLines, parseSynonymLines, type SynonymLineProblem } from './synonym-lines.ts';
