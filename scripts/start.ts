// `npm start`: build the web client if needed, then start the server (migrations run
// at start-up). No configuration needed: embedded PGlite in ./data, port 3000.
import { buildWeb, webIsStale } from './build-web.ts';

if (webIsStale()) {
  console.error('Construction de l’interface web…');
  buildWeb();
}
await import('../server/src/main.ts');
