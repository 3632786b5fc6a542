// Where a command writes: to this terminal, or (when the server runs the command for
// the CLI) into the admin socket as NDJSON events the CLI replays on its terminal.
import type { Writable } from 'node:stream';

export interface CommandOutput {
  /** A result line, on stdout: scripts read it. */
  line(text: string): void;
  /** A message for the person, on stderr. */
  note(text: string): void;
  progress(done: number, total: number | null, label: string): void;
}

export type OutputEvent =
  | { t: 'out'; s: string }
  | { t: 'err'; s: string }
  | { t: 'progress'; done: number; total: number | null; label: string }
  | { t: 'exit'; code: number };

export function terminalOutput(stdout: Writable = process.stdout, stderr: NodeJS.WriteStream | Writable = process.stderr): CommandOutput {
  const tty = 'isTTY' in stderr && stderr.isTTY === true;
  let lastShown = -1;
  let barOpen = false;
  const closeBar = () => {
    if (barOpen) stderr.write('\n');
    barOpen = false;
  };
  return {
    line(text) {
      closeBar();
      stdout.write(`${text}\n`);
    },
    note(text) {
      closeBar();
      stderr.write(`${text}\n`);
    },
    progress(done, total, label) {
      if (tty) {
        const width = 30;
        const ratio = total ? Math.min(1, done / total) : 0;
        const bar = total ? `[${'#'.repeat(Math.round(ratio * width)).padEnd(width, '.')}] ${Math.round(ratio * 100)} %` : '';
        stderr.write(`\r${label} ${bar} ${done}${total ? `/${total}` : ''}   `);
        barOpen = true;
        if (total && done >= total) closeBar();
        return;
      }
      // Not a terminal: a line per tenth of the work, so logs stay readable.
      const tenth = total ? Math.floor((done / total) * 10) : Math.floor(done / 1000);
      if (tenth !== lastShown || (total && done >= total)) {
        lastShown = tenth;
        stderr.write(`${label} ${done}${total ? `/${total}` : ''}\n`);
      }
    },
  };
}

export function eventOutput(emit: (e: OutputEvent) => void): CommandOutput {
  return {
    line: (s) => emit({ t: 'out', s }),
    note: (s) => emit({ t: 'err', s }),
    progress: (done, total, label) => emit({ t: 'progress', done, total, label }),
  };
}
