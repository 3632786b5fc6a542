// The admin socket: while the server holds the embedded database, the `estran` command
// reaches it here. A Unix socket in the data folder, mode 0600 (the folder is 0700):
// only root and the service user can open it. One request runs one command and streams
// its output back as NDJSON events.
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../platform/logger.ts';
import { runCommand } from './commands.ts';
import { eventOutput, type OutputEvent } from './output.ts';

export async function startAdminSocket(input: { config: Config; database: Database; logger: Logger }) {
  const { config, database, logger } = input;
  if (existsSync(config.adminSocket)) unlinkSync(config.adminSocket); // left by a crash: we hold the lock
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/run') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) req.destroy();
    });
    req.on('end', async () => {
      let argv: string[];
      try {
        argv = (JSON.parse(body) as { argv: string[] }).argv;
        if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error('argv');
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const emit = (e: OutputEvent) => res.write(`${JSON.stringify(e)}\n`);
      logger.info({ command: argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ') }, 'admin command');
      const code = await runCommand(argv, { database, config, out: eventOutput(emit) });
      emit({ t: 'exit', code });
      res.end();
    });
  });
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.adminSocket, () => resolve());
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(config.adminSocket, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The CLI side: runs argv in the server and replays its output here. */
export function runThroughSocket(socketPath: string, argv: string[], onEvent: (e: OutputEvent) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: '/run', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let buffer = '';
      let code: number | null = null;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const e = JSON.parse(buffer.slice(0, nl)) as OutputEvent;
          buffer = buffer.slice(nl + 1);
          if (e.t === 'exit') code = e.code;
          else onEvent(e);
        }
      });
      res.on('end', () => (code === null ? reject(new Error('le serveur a interrompu la commande')) : resolve(code)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ argv }));
  });
}
