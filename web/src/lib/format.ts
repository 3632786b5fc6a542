// Dates, times, numbers and browsers as the agent reads them: through Intl, in the UI's
// language and the tenant's time zone (Europe/Paris unless the tenant says otherwise),
// never ISO or UTC on screen. Pure functions (no React): pages pass i18n.language and,
// when they have it, the session's time zone.

export const defaultTimeZone = 'Europe/Paris';

let displayTimeZone = defaultTimeZone;

/**
 * The time zone dates are shown in when a caller names none: the agent's organisation's,
 * set by the session (lib/session.tsx) once it is known, Europe/Paris before and after.
 */
export function setDisplayTimeZone(timeZone: string | null | undefined): void {
  displayTimeZone = timeZone && isTimeZone(timeZone) ? timeZone : defaultTimeZone;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The Intl locale for the UI's language: French of France, or English as written in Europe. */
export function localeOf(language: string): string {
  return language.startsWith('en') ? 'en-GB' : 'fr-FR';
}

type When = string | number | Date;

const cache = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeOf(language), { ...options, timeZone });
    cache.set(key, format);
  }
  return format;
}

/** « 3 décembre 2026 » (long) or « 03/12/2026 » (short). */
export function formatDate(when: When, language: string, options: { style?: 'long' | 'short'; timeZone?: string } = {}): string {
  return dateTimeFormat(language, { dateStyle: options.style ?? 'long' }, options.timeZone ?? displayTimeZone).format(new Date(when));
}

/** « 3 décembre 2026 à 10:45 » (long) or « 03/12/2026 10:45 » (short). */
export function formatDateTime(when: When, language: string, options: { style?: 'long' | 'short'; timeZone?: string } = {}): string {
  return dateTimeFormat(language, { dateStyle: options.style ?? 'long', timeStyle: 'short' }, options.timeZone ?? displayTimeZone).format(new Date(when));
}

/** « 10:45 ». */
export function formatTime(when: When, language: string, options: { timeZone?: string } = {}): string {
  return dateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }, options.timeZone ?? displayTimeZone).format(new Date(when));
}

/**
 * A calendar day written `yyyy-mm-dd` (a guide edition, a wave's deadline): the day itself,
 * whatever the time zone (read and written at UTC midnight).
 */
export function formatDay(day: string, language: string, options: { style?: 'long' | 'short' } = {}): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return dateTimeFormat(language, { dateStyle: options.style ?? 'long' }, 'UTC').format(d);
}

/** « 12 345 » in French, « 12,345 » in English. */
export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(n);
}

const browsers: ReadonlyArray<readonly [RegExp, string]> = [
  // Order matters: Edge and Opera carry "Chrome" in their string, Chrome carries "Safari".
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\bChromium\//, 'Chromium'],
  [/\b(Headless)?(Chrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];
const systems: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/**
 * A browser's user-agent string as an agent says it: « Firefox sur Windows », « Chrome sur
 * Android ». Unknown parts read « Navigateur inconnu » / « système inconnu » (or English).
 */
export function describeUserAgent(userAgent: string | null | undefined, language: string): string {
  const en = language.startsWith('en');
  if (!userAgent) return en ? 'Unknown browser' : 'Navigateur inconnu';
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const system = systems.find(([re]) => re.test(userAgent))?.[1];
  if (!browser && !system) return en ? 'Unknown browser' : 'Navigateur inconnu';
  const b = browser ?? (en ? 'A browser' : 'Un navigateur');
  if (!system) return b;
  return en ? `${b} on ${system}` : `${b} sur ${system}`;
}
