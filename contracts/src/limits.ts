// Shared limits: lengths, lifetimes, page sizes. One place, used by the server for
// validation and by the web client for form hints.

export const limits = {
  /** Names of tenants, units, sites, agents. */
  nameMax: 200,
  emailMax: 254, // RFC 5321 §4.5.3.1.3 path limit
  phoneMax: 32,
  searchQueryMax: 200,
  pageSizeDefault: 25,
  pageSizeMax: 100,
  /** The one-time enrolment link printed on first start (issue: valid 24 h, single use). */
  enrolmentTtlMs: 24 * 60 * 60 * 1000,
  /** Bootstrap admin session until strong authentication lands. */
  sessionIdleMs: 30 * 60 * 1000,
  sessionAbsoluteMs: 10 * 60 * 60 * 1000,
  /** seed-demo bounds. */
  seedAgentsMax: 200_000,
} as const;
