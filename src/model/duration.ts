// Durations of the format (`500ms`, `30s`, `5m`, `1h`, as schema `$defs/duration` allows): parsed to milliseconds, and told back.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a duration string; undefined for anything the schema's duration pattern would refuse. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^([0-9]{1,9})(ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** A duration for messages, in the largest unit that keeps it whole: 90000 -> "90 s", 300000 -> "5 min". */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** A duration for messages with days as a unit too: 604800 s -> "7 days", 90 s -> "90 s". */
export function formatSeconds(seconds: number): string {
  if (seconds > 0 && seconds % 86_400 === 0) return seconds === 86_400 ? '1 day' : `${seconds / 86_400} days`;
  return formatDuration(seconds * 1000);
}

/** Seconds in a schema-valid duration string; throws on anything else (the schema has refused it before). */
export function durationSeconds(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  return ms / 1000;
}

const DAY_UNITS = { d: 1, w: 7, y: 365 } as const;

/** Days in a schema `$defs/days` string (`35d`, `12w`, `1y`: a week is 7 days, a year 365); undefined for anything else. */
export function parseDays(text: string | undefined): number | undefined {
  const m = /^([0-9]{1,5})(d|w|y)$/.exec(text ?? '');
  return m ? Number(m[1]) * DAY_UNITS[m[2] as keyof typeof DAY_UNITS] : undefined;
}

const PERIOD_S = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Seconds in a schema `$defs/period` string (`30s`, `5m`, `12h`, `4d`); undefined for anything else. */
export function parsePeriod(text: string | undefined): number | undefined {
  const m = /^([0-9]{1,7})(s|m|h|d)$/.exec(text ?? '');
  return m ? Number(m[1]) * PERIOD_S[m[2] as keyof typeof PERIOD_S] : undefined;
}
