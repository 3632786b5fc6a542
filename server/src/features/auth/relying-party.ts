import type { Config } from '../../config.ts';

/** WebAuthn relying party: the configured origin, its host name as RP ID (WebAuthn L2 §5.1.3). */
export function relyingParty(config: Config) {
  return { rpID: new URL(config.origin).hostname, rpName: 'Estran', origin: config.origin };
}
