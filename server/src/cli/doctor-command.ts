// `estran doctor` as a command of the table (commands.ts): the checks of doctor.ts, one
// line each, then a summary line. It needs no database (withoutDatabase): the CLI runs it
// from its own configuration, even while a server holds the embedded data folder.
import type { Command } from './commands.ts';
import { doctorExitCode, formatCheck, runDoctor } from './doctor.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Vérifie la configuration pour la production et dit quoi corriger',
  usage: 'estran doctor',
  options: {},
  withoutDatabase: true,
  async run({ config, out }) {
    const checks = await runDoctor(config);
    for (const check of checks) out.line(formatCheck(check));
    const failed = checks.filter((c) => c.status === 'fail').length;
    const warned = checks.filter((c) => c.status === 'warn').length;
    out.line(
      failed
        ? `À corriger avant la production : ${failed} point${failed > 1 ? 's' : ''} (✗).`
        : `Configuration prête pour la production${warned ? ` (${warned} avertissement${warned > 1 ? 's' : ''} à lire, ⚠)` : ''}.`,
    );
    return doctorExitCode(checks);
  },
};
