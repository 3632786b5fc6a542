import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {
  directoryImport: {
    tab: 'Import',
    title: 'Import agents from a file',
    intro:
      'A CSV or ODS file (LibreOffice Calc), a header line then one agent a line, {{max}} lines at most. Columns, in French or English, in any order: email, first_name, last_name and component (required), unit (code or name), site, roles (agent, manager, separated by |), phone, mobile, external_id.',
    rules:
      'An agent already there is found by external id, else by e-mail, and updated; a column left out leaves the field as it is. An import gives the agent and manager roles; other roles are given one by one in the Agents tab.',
    file: 'File to import',
    fileHint: 'CSV (“;” or “,” separator, UTF-8 or Windows-1252) or ODS.',
    check: 'Check',
    tooBig: 'The file is over {{max}} MiB: split it into several files.',
    sending: 'Sending the file…',
    progress: 'Sending: {{percent}} %',
    checking: 'Checking the lines…',
    applying: 'Importing…',
    working: 'Server at work',
    report: {
      title: 'Check report: {{name}}',
      ok: 'Every line is correct. Nothing has been imported yet.',
      refused_one: '{{count}} line refused: correct the file, then check it again. Nothing was imported.',
      refused_other: '{{count}} lines refused: correct the file, then check it again. Nothing was imported.',
      records: 'Agent lines',
      created: 'To create',
      updated: 'To change',
      unchanged: 'Unchanged',
      caption: 'Refused lines, in file order',
      line: 'Line',
      field: 'Column',
      reason: 'Reason',
      wholeFile: 'whole file',
      showAll_one: 'Show the remaining refusal',
      showAll_other: 'Show all {{count}} refusals',
      apply: 'Import',
      applyHint: 'The file is sent again and imported whole, or not at all.',
    },
    applied: 'Import done.',
    done: { created: 'Created', updated: 'Changed', unchanged: 'Unchanged' },
    refusedOnApply: 'Import refused, nothing was imported: the file or the directory changed since the check. Check it again.',
    seeAgents: 'See the agents',
  },
};
