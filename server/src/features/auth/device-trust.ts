// Device trust: a managed laptop or thin client of the fleet presents its device
// credential (an HttpOnly cookie set when IT registered it); anything else is a
// personal computer. The login reads the device in its tenant (auth_login_begin,
// migration 0002). A device declared stolen is refused outright, and the browser is
// told to wipe its local vault.
import { HttpError } from '../../platform/http-errors.ts';

export const DEVICE_COOKIE = '__Host-estran-device';

export const deviceRevoked = () =>
  new HttpError(403, 'device_revoked', 'Ce poste a été déclaré volé ou retiré : il ne peut plus accéder à Estran. Ses données locales vont être effacées.', {
    wipe: true,
  });
