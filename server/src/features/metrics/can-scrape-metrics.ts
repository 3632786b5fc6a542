// Who may read /metrics (issue 15): a caller whose address is in ESTRAN_METRICS_ALLOW
// (request.ip: the peer, or the client named by a trusted proxy's X-Forwarded-For), or
// one presenting a bearer service token with the `metrics:read` scope of the operator's
// tenant — the metrics cover every tenant, so no other tenant's token opens them.
//
//   1. address in the allow list                                   → allowed
//   2. no bearer token                                             → 404 (the endpoint is not advertised)
//   3. token invalid, expired, revoked or without metrics:read     → 403
//   4. token of another tenant than the operator's                 → 403
//   5. otherwise                                                   → allowed
import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { authenticateServiceToken, tenantIdBySlug } from '../service-tokens/index.ts';
import { forbidden, notFound } from '../../platform/http-errors.ts';

/** The allow list as a matcher; IPv4-mapped IPv6 peers (`::ffff:10.0.0.1`) count as IPv4. */
export function addressMatcher(entries: string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return (ip) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
    const address = mapped ?? ip;
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

export async function canScrapeMetrics(request: FastifyRequest, allowed: (ip: string) => boolean): Promise<void> {
  if (allowed(request.ip)) return;
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) {
    throw notFound(`Aucune route ne correspond à ${request.method} ${request.url.split('?')[0]}.`);
  }
  const { database } = request.server;
  const service = await authenticateServiceToken(database, header.slice(7).trim(), 'metrics:read');
  if (!service) throw forbidden('Jeton de service invalide, expiré, révoqué ou sans la portée metrics:read.');
  const operatorId = await tenantIdBySlug(database, undefined).catch(() => null);
  if (service.tenantId !== operatorId) {
    throw forbidden('Les métriques couvrent toutes les collectivités : seul un jeton metrics:read de l’opérateur y donne accès.');
  }
}
