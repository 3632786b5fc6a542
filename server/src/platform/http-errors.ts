// HTTP errors with a stable code and a French message: the one failure shape of the API
// (contracts/src/errors.ts). Business code throws these; app.ts presents them.
import type { ErrorCode } from '@estran/contracts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode | string;
  readonly extra: Record<string, unknown> | undefined;
  constructor(status: number, code: ErrorCode | string, message: string, extra?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

export const notFound = (message = 'Ressource introuvable.') => new HttpError(404, 'not_found', message);
export const unauthenticated = (message = 'Authentification requise.') => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'Vous n’avez pas accès à cette ressource.') => new HttpError(403, 'forbidden', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const gone = (message: string) => new HttpError(410, 'gone', message);
export const badRequest = (message: string) => new HttpError(400, 'invalid_request', message);

/** Never says which factor was wrong (issue: strong authentication). */
export const authenticationFailed = () =>
  new HttpError(
    401,
    'authentication_failed',
    'Authentification refusée. Vérifiez votre clé de sécurité ou vos identifiants, puis réessayez.',
  );

export const suspended = (helpdesk: string | null) =>
  new HttpError(
    423,
    'suspended',
    `Votre accès est bloqué après trois échecs d’authentification. Appelez l’assistance${helpdesk ? ` au ${helpdesk}` : ''} : après vérification de votre identité, elle vous donnera un code de déblocage.`,
    { helpdesk },
  );

export const throttled = (retryAfterSeconds: number) =>
  new HttpError(
    429,
    'throttled',
    `Trop de tentatives. Réessayez dans ${retryAfterSeconds < 120 ? `${retryAfterSeconds} secondes` : `${Math.ceil(retryAfterSeconds / 60)} minutes`}.`,
    { retryAfterSeconds },
  );
