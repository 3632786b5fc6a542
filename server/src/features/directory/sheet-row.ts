/** One non-empty row of an imported sheet: its number as the spreadsheet shows it (the header is 1), its cells. */
export type SheetRow = { line: number; cells: string[] };
