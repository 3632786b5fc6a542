import { z } from 'zod';

// The one string schema of every input (body, query, path). PostgreSQL refuses U+0000 in
// text ("invalid byte sequence for encoding UTF8: 0x00"), and a lone UTF-16 surrogate has
// no UTF-8 form (Unicode §3.9, D91: only scalar values are encoded), so either one used to
// reach the database and answer 500. Other C0 controls and DEL have no place in a name, a
// search or an identifier; tab and line breaks are kept for multi-line text (notes).
//
// The rule is a regular expression (no `u` flag, so any ECMAScript or JSON Schema engine
// reads it on UTF-16 code units): it shows in the OpenAPI document as a `pattern`, which
// is how the tests find a string input that lacks it. It runs in linear time (its two
// alternatives never start on the same code unit).

/** Single-line text: no C0 control at all, no DEL, surrogates only in pairs. */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
export const singleLineTextPattern = /^(?:[^\u0000-\u001F\u007F\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
/** Multi-line text: tab, line feed and carriage return allowed besides. */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
export const multilineTextPattern = /^(?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

export const unsafeTextMessage =
  'Le texte contient un caractère interdit (caractère nul, caractère de contrôle ou caractère Unicode incomplet) : retirez-le puis réessayez.';

/**
 * A string input refusing NULs, C0 controls and lone surrogates, before any other check
 * (chain `.trim()`, `.min()`, `.max()`, `.regex()` after it).
 */
export function text(options: { multiline?: boolean } = {}) {
  return z.string().regex(options.multiline ? multilineTextPattern : singleLineTextPattern, unsafeTextMessage);
}

/** The patterns that make a string input safe, as they appear in a JSON Schema. */
export const safeTextPatternSources: readonly string[] = [singleLineTextPattern.source, multilineTextPattern.source];
