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
  /** Default session lifetimes: idle, absolute. */
  sessionIdleMs: 30 * 60 * 1000,
  sessionAbsoluteMs: 10 * 60 * 60 * 1000,
  /** WebAuthn challenges: single use, 2 minutes (issue: strong authentication). */
  challengeTtlMs: 2 * 60 * 1000,
  /** Consecutive failures the server sees before it suspends an agent. */
  strikesBeforeSuspension: 3,
  /** Helpdesk unblock code: length, alphabet without look-alikes, lifetime, tries. */
  unblockCodeLength: 10,
  unblockCodeAlphabet: 'ACDEFGHJKMNPQRTUVWXY34679',
  unblockCodeTtlMs: 15 * 60 * 1000,
  unblockCodeMaxAttempts: 3,
  /** RFC 6238 §5.2: one time step of tolerance either side. */
  totpPeriodSeconds: 30,
  totpWindow: 1,
  passwordMinLength: 12,
  passwordMaxLength: 256,
  /** zxcvbn score (0–4) a new password must reach. */
  passwordMinScore: 3,
  /** Growing delays after wrong passwords: 2^(failures-free) seconds, capped. */
  throttleFreeFailures: 3,
  throttleMaxDelayMs: 15 * 60 * 1000,
  /** Per-address ceiling on auth endpoints, per minute (configurable for benchmarks). */
  authRequestsPerMinutePerAddress: 60,
  keyNameMax: 100,
  serviceTokenMaxDays: 366,
  /**
   * A guide package uploaded as a zip in the admin area (the base edition holds 4,259
   * files, 3.4 MB of text, and zips to 1–3 MB): the upload itself, the entries it may
   * hold, and their total size once inflated (what a zip bomb would blow past).
   */
  guidePackageMaxBytes: 16 * 1024 * 1024,
  guidePackageMaxEntries: 20_000,
  guidePackageMaxUncompressedBytes: 64 * 1024 * 1024,
  /**
   * One file of a package once inflated: the corpus's largest article (CASF annexe 2-4)
   * is 133 KiB, its manifests at most 42 KiB; 4 MiB leaves 30 times that. An entry
   * declaring more is refused before inflation, one inflating past what it declares as
   * soon as it does (issue 15, finding 6: the zip bomb).
   */
  guidePackageMaxFileBytes: 4 * 1024 * 1024,
  /** Reading an uploaded package (a worker thread, off the event loop) is stopped past this. */
  guidePackageReadTimeoutMs: 30_000,
  /** A guide’s synonyms: groups of 2+ phrases that mean the same thing (at most ~360 kB, under the body limit). */
  guideSynonymGroupsMax: 300,
  guideSynonymPhrasesMax: 12,
  guideSynonymPhraseMax: 100,
  /**
   * A directory import (CSV or ODS, issue 17): 50,000 agent lines besides the header; the
   * file at most 32 MiB (a line of every column filled is under 400 bytes), an ODS's
   * content.xml at most 256 MiB once inflated (XML spends ~150 bytes a cell).
   */
  directoryImportMaxLines: 50_000,
  directoryImportMaxBytes: 32 * 1024 * 1024,
  directoryImportMaxUncompressedBytes: 256 * 1024 * 1024,
  /**
   * An organisation's logo (PNG, JPEG or WebP, stored in the database and served on every
   * page of the shell and the login page): 256 KiB is ten times a crisp 400 × 120 PNG.
   */
  organisationLogoMaxBytes: 256 * 1024,
  /** Host names a tenant's login page answers to (operator-set, issue 17). */
  organisationHostnamesMax: 10,
  /** seed-demo bounds. */
  seedAgentsMax: 200_000,
} as const;
