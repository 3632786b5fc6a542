// Helpdesk unblock codes: at least 8 characters from an alphabet without look-alikes
// (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), single use, 15 minutes, void after 3 wrong tries.
// Only a keyed hash is stored: the code is shown once to the helpdesk (or sent by SMS).
import { randomInt } from 'node:crypto';
import { limits } from '@estran/contracts';
import { sha256 } from '../../platform/crypto.ts';

export function generateUnblockCode(): string {
  const alphabet = limits.unblockCodeAlphabet;
  let code = '';
  for (let i = 0; i < limits.unblockCodeLength; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

/** What the agent typed, as the code was issued: upper case, no spaces or dashes. */
export function normaliseUnblockCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** Groups of 5 for reading out over the phone: "ACDEF-GHJKM". */
export function formatUnblockCode(code: string): string {
  return code.replace(/(.{5})(?=.)/g, '$1-');
}

export function hashUnblockCode(agentId: string, code: string): Buffer {
  return sha256(`estran-unblock:${agentId}:${normaliseUnblockCode(code)}`);
}
