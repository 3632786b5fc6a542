// The service tokens tab's text is in the administration area's shared section
// (lib/shared-messages.ts: admin.tokens, admin.scopes…) and the keys' (auth: keys.revoke…).
// English: the same keys as messages.fr.ts.
import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {};
