#!/usr/bin/env node
// The `estran` command. With a PostgreSQL server it opens the database itself. With the
// embedded database it opens the data folder when no server holds it, and otherwise
// asks the running server to run the command through its admin socket.
import { loadConfig } from '../config.ts';
import { lockHolder } from '../platform/data-dir-lock.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { openFromConfig, startupFailure } from '../startup.ts';
import { runThroughSocket } from './admin-socket.ts';
import { isRestore, runRestore } from './backup-commands.ts';
import { helpText, resolvePathArguments, runCommand, runWithoutDatabase } from './commands.ts';
import { dataFolderWarning } from './data-folder-warning.ts';
import { terminalOutput } from './output.ts';

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${helpText()}\n`);
    return argv.length === 0 ? exitCodes.usage : exitCodes.ok;
  }
  const config = loadConfig();
  const out = terminalOutput();
  // A restore replaces the data folder: the CLI runs it itself, never through a server.
  if (config.database.kind === 'pglite' && isRestore(argv)) return runRestore(argv, config, out);
  // A command that reads the configuration only (doctor) runs before anything is opened.
  const standalone = await runWithoutDatabase(resolvePathArguments(argv), { config, out });
  if (standalone !== null) return standalone;
  if (config.database.kind === 'pglite' && lockHolder(config.dataDir) !== null) {
    try {
      return await runThroughSocket(config.adminSocket, resolvePathArguments(argv), (e) => {
        if (e.t === 'out') out.line(e.s);
        else if (e.t === 'err') out.note(e.s);
        else if (e.t === 'progress') out.progress(e.done, e.total, e.label);
      });
    } catch (error) {
      out.note(
        `Le serveur Estran (processus ${lockHolder(config.dataDir)}) détient la base embarquée, mais son socket d’administration ` +
          `${config.adminSocket} ne répond pas : ${(error as Error).message}`,
      );
      return exitCodes.unavailable;
    }
  }
  // Before the embedded database is created in a folder no server ever used.
  const warning = dataFolderWarning(config);
  if (warning) out.note(warning);
  const { database, lock } = await openFromConfig(config);
  try {
    return await runCommand(resolvePathArguments(argv), { database, config, out });
  } finally {
    await database.close();
    lock?.release();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { code, message } = startupFailure(error);
    process.stderr.write(`${message}\n`);
    process.exit(code);
  },
);
