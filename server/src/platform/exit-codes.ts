// Process exit codes, after sysexits.h, so scripts and service managers can tell why.
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 64, // EX_USAGE: bad command line
  dataError: 65, // EX_DATAERR: corrupt or newer-than-code database, broken audit chain
  unavailable: 69, // EX_UNAVAILABLE: database server unreachable, admin socket unreachable
  cantCreate: 73, // EX_CANTCREAT: data folder locked by another process
  config: 78, // EX_CONFIG: invalid environment
} as const;
