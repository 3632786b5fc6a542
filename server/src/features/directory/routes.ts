// The directory's routes (contracts/src/directory): one plugin per source, each with its
// own parsers and limits.
import type { FastifyInstance } from 'fastify';
import { directoryImportRoutes } from './import-routes.ts';

export async function directoryRoutes(app: FastifyInstance) {
  await app.register(directoryImportRoutes);
}
