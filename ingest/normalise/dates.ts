/**
 * Dates: whatever a parser found → an ISO 8601 UTC string, or null when it is not a real,
 * plausible publication date. Undated articles stay undated; nothing is made up.
 */

/** Earliest accepted publication date (before it, a date is taken as a parsing accident). */
const EARLIEST = Date.UTC(1800, 0, 1);
/** How far in the future a date may be (clock skew, time zones), in milliseconds. */
const FUTURE_TOLERANCE_MS = 2 * 24 * 3600 * 1000;

export interface NormalisedDate {
  iso: string;
  /** Unix seconds. */
  ts: number;
}

/**
 * Parses an ISO 8601, RFC 2822 or Date value into UTC. A date without a time zone is read as UTC.
 * Returns null for unparseable, impossible (2023-02-30) or implausible (before 1800, future) dates.
 */
export function normaliseDate(value: string | Date | undefined | null, now: Date = new Date()): NormalisedDate | null {
  if (value === undefined || value === null) return null;
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else {
    const text = value.trim();
    if (!text) return null;
    if (!isCalendarValid(text)) return null;
    ms = Date.parse(hasZone(text) ? text : asUtc(text));
  }
  if (!Number.isFinite(ms)) return null;
  if (ms < EARLIEST || ms > now.getTime() + FUTURE_TOLERANCE_MS) return null;
  const iso = new Date(ms).toISOString().replace('.000Z', 'Z');
  return { iso, ts: Math.floor(ms / 1000) };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Rejects ISO dates whose day does not exist in its month (Date.parse would roll them over). */
function isCalendarValid(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return true;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function hasZone(text: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2}|\b(GMT|UTC|UT|[ECMP][SD]T))\s*$/i.test(text) || !ISO_DATE.test(text);
}

function asUtc(text: string): string {
  // "2024-05-01" and "2024-05-01T10:00" carry no zone: read them as UTC, not local time.
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`;
}
