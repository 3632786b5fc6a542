// The service tokens tab's text is in the administration area's shared section
// (lib/shared-messages.ts: admin.tokens, admin.scopes…) and the keys' (auth: keys.revoke…).
// French, the reference language (messages.en.ts has the same keys, the type checks it).
export const fr = {} as const;
