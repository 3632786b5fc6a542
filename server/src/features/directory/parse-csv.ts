// A CSV file as spreadsheets export it, into rows of cells: one row per spreadsheet line
// (a quoted cell may hold line breaks, so rows are counted, not text lines), the header
// first. The text is UTF-8, with or without its byte order mark, or else Windows-1252
// (Excel's "CSV" on a French Windows): bytes that are not valid UTF-8 are read as
// Windows-1252, which gives every byte a character. The separator is `;` (French
// spreadsheets, whose decimal comma takes `,`) or `,`: whichever the header line holds
// more of, outside quotes.
import { parse } from 'csv-parse/sync';
import { badRequest } from '../../platform/http-errors.ts';
import type { SheetRow } from './sheet-row.ts';

export type Encoding = 'utf-8' | 'windows-1252';

/** The file's text and which encoding gave it. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

/** `;` or `,`: the one the header line (up to its first line break outside quotes) holds more of. */
export function detectSeparator(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons += 1;
    else if (!quoted && ch === ',') commas += 1;
  }
  return semicolons >= commas && semicolons > 0 ? ';' : commas > 0 ? ',' : ';';
}

/** The non-empty rows (a row of empty cells is a blank line), numbered from 1 as a spreadsheet shows them. */
export function parseCsv(bytes: Uint8Array): { rows: SheetRow[]; encoding: Encoding; separator: ';' | ',' } {
  const { text, encoding } = decodeText(bytes);
  const separator = detectSeparator(text);
  try {
    const records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
    const rows: SheetRow[] = [];
    records.forEach((cells, i) => {
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: i + 1, cells });
    });
    return { rows, encoding, separator };
  } catch (error) {
    const e = error as { code?: string; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw badRequest(`Fichier CSV illisible : un guillemet ouvert à la ligne ${e.lines ?? '?'} n’est jamais fermé.`);
    }
    throw badRequest(`Fichier CSV illisible${e.lines ? ` (ligne ${e.lines})` : ''} : enregistrez-le de nouveau depuis le tableur, au format CSV.`);
  }
}
