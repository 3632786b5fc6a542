// An OpenDocument spreadsheet (.ods, ISO/IEC 26300: a zip holding content.xml) into its
// first sheet's rows. Nothing touches the disk and nothing is held whole but the upload:
// content.xml is inflated as a stream (fflate's Unzip), each chunk counted — past
// directoryImportMaxUncompressedBytes the file is refused, whatever its headers declare
// (a zip bomb) — and fed to a streaming XML parser (saxes), which keeps only the
// non-empty rows.
//
// ODF 1.3 part 3, §9.1 (tables): a <table:table-row> holds <table:table-cell>s and
// <table:covered-table-cell>s (merged areas), either repeated by
// table:number-rows-repeated / table:number-columns-repeated — spreadsheets write the
// empty rest of a sheet as one row repeated a million times, so empty rows and cells are
// counted, never materialised. A cell's text is its <text:p> paragraphs joined by line
// breaks (§6.1: <text:s text:c> spaces, <text:tab>, <text:line-break>); its annotations
// (<office:annotation>) are not its text. An empty cell with a typed value (a number) reads
// as office:value.
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { limits } from '@estran/contracts';
import { badRequest, HttpError } from '../../platform/http-errors.ts';
import type { SheetRow } from './sheet-row.ts';

const MiB = 1024 * 1024;
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
/** Columns read in a row: a directory file has ten; far beyond is a sheet of something else. */
const MAX_COLUMNS = 256;

/** A zip file (a local file header or an empty archive first). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

class Stop extends Error {}

/**
 * The first sheet's non-empty rows, numbered as the spreadsheet shows them (from 1), up to
 * `maxRows` of them (the caller refuses a file that has more: `truncated`).
 */
export function parseOds(bytes: Uint8Array, maxRows: number, maxInflatedBytes: number = limits.directoryImportMaxUncompressedBytes): { rows: SheetRow[]; truncated: boolean } {
  const rows: SheetRow[] = [];
  let truncated = false;
  let mimetype = '';
  let sawContent = false;
  let inflated = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const xml = new SaxesParser({ xmlns: false, position: false });

  // The sheet's reading state.
  let tables = 0;
  let inTable = false;
  let rowNumber = 0;
  let rowRepeat = 1;
  let cells: string[] = [];
  let column = 0;
  let cellRepeat = 1;
  let cellValue: string | undefined;
  let cellText: string[] | null = null;
  let paragraph: string | null = null;
  let annotation = 0;
  let rowsInTable = 0;

  const attr = (tag: SaxesTagPlain, name: string) => tag.attributes[name];
  const repeat = (value: string | undefined) => {
    const n = Number(value ?? '1');
    return Number.isInteger(n) && n >= 1 ? n : 1;
  };

  xml.on('opentag', (tag) => {
    if (!inTable) {
      if (tag.name === 'table:table' && tables === 0) {
        inTable = true;
        tables += 1;
      }
      return;
    }
    if (annotation) {
      if (tag.name === 'office:annotation') annotation += 1;
      return;
    }
    switch (tag.name) {
      case 'office:annotation':
        annotation = 1;
        break;
      case 'table:table-row':
        rowRepeat = repeat(attr(tag, 'table:number-rows-repeated'));
        cells = [];
        column = 0;
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        cellRepeat = repeat(attr(tag, 'table:number-columns-repeated'));
        cellValue = attr(tag, 'office:value') ?? attr(tag, 'office:date-value') ?? attr(tag, 'office:boolean-value');
        cellText = [];
        break;
      case 'text:p':
      case 'text:h':
        if (cellText) paragraph = '';
        break;
      case 'text:s':
        if (paragraph !== null) paragraph += ' '.repeat(Math.min(repeat(attr(tag, 'text:c')), 1000));
        break;
      case 'text:tab':
        if (paragraph !== null) paragraph += '\t';
        break;
      case 'text:line-break':
        if (paragraph !== null) paragraph += '\n';
        break;
    }
  });
  xml.on('text', (text) => {
    if (paragraph !== null && !annotation) paragraph += text;
  });
  xml.on('cdata', (text) => {
    if (paragraph !== null && !annotation) paragraph += text;
  });
  xml.on('closetag', (tag) => {
    if (!inTable) return;
    if (annotation) {
      if (tag.name === 'office:annotation') annotation -= 1;
      return;
    }
    switch (tag.name) {
      case 'text:p':
      case 'text:h':
        if (cellText && paragraph !== null) cellText.push(paragraph);
        paragraph = null;
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell': {
        const text = cellText?.join('\n') ?? '';
        const value = text !== '' ? text : (cellValue ?? '');
        if (value.trim() !== '') {
          for (let i = 0; i < cellRepeat && column + i < MAX_COLUMNS; i += 1) cells[column + i] = value;
        }
        column += cellRepeat;
        cellText = null;
        break;
      }
      case 'table:table-row': {
        if (cells.length === 0) {
          rowNumber += rowRepeat; // empty rows: counted, never kept
          break;
        }
        const filled = Array.from(cells, (c) => c ?? '');
        for (let i = 0; i < rowRepeat; i += 1) {
          rowNumber += 1;
          if (rowsInTable >= maxRows) {
            truncated = true;
            throw new Stop();
          }
          rows.push({ line: rowNumber, cells: filled });
          rowsInTable += 1;
        }
        break;
      }
      case 'table:table':
        inTable = false;
        throw new Stop(); // the first sheet only
    }
  });

  const unreadable = () => badRequest('Fichier ODS illisible : enregistrez-le de nouveau depuis le tableur (LibreOffice Calc : Fichier › Enregistrer sous › ODS), ou en CSV.');
  const notOds = () =>
    badRequest(
      mimetype.trim() === ''
        ? 'Ce fichier n’est pas une feuille ODS (un classeur Excel .xlsx ?) : enregistrez-le au format ODS ou CSV.'
        : `Ce fichier n’est pas une feuille de calcul ODS (${mimetype.trim().slice(0, 100)}) : enregistrez-le au format ODS ou CSV.`,
    );
  const tooLarge = () =>
    new HttpError(413, 'file_too_large', `Fichier ODS refusé : sa feuille dépasse ${Math.round(maxInflatedBytes / MiB)} Mio une fois décompressée. Rien n’a été importé.`);

  try {
    const unzip = new Unzip((file: UnzipFile) => {
      if (file.name === 'mimetype') {
        file.ondata = (error, chunk) => {
          if (error) throw unreadable();
          mimetype += new TextDecoder().decode(chunk);
        };
        file.start();
      } else if (file.name === 'content.xml') {
        sawContent = true;
        // ODF 1.3 part 2 §3.3: "mimetype" is the package's first entry, stored.
        if (mimetype.trim() !== ODS_MIMETYPE) throw notOds();
        if (file.originalSize !== undefined && file.originalSize > maxInflatedBytes) throw tooLarge();
        file.ondata = (error, chunk, final) => {
          // fflate hands a throw of this very handler back to it as `error`: ours pass on.
          if (error) throw error instanceof Stop || error instanceof HttpError ? error : unreadable();
          inflated += chunk.length;
          if (inflated > maxInflatedBytes) throw tooLarge();
          xml.write(decoder.decode(chunk, { stream: !final }));
          if (final) xml.close();
        };
        file.start();
      }
    });
    unzip.register(UnzipInflate);
    unzip.push(bytes, true);
  } catch (error) {
    if (error instanceof Stop) return { rows, truncated };
    if (error instanceof HttpError) throw error;
    throw unreadable();
  }
  if (mimetype.trim() !== ODS_MIMETYPE) throw notOds();
  if (!sawContent) throw unreadable();
  return { rows, truncated };
}
