// The service tokens tab's text is in the administration area's shared section
// (lib/shared-messages.ts: admin.tokens, admin.scopes…) and the keys' (auth: keys.revoke…).
import { defineMessages } from '../../lib/messages.ts';

export const messages = defineMessages({}, {});
