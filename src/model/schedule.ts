// EventBridge Scheduler schedule expressions, by the service's grammar: what AWS accepts at apply, checked before it.
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
//   rate(value unit): a positive integer and minute | minutes | hour | hours | day | days.
//   cron(minutes hours day-of-month month day-of-week year): six fields; day-of-month or day-of-week is `?`.
//   at(yyyy-mm-ddThh:mm:ss): one date and time.
// The singular/plural agreement of rate units and the field values and wildcards are those of
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html (the same expressions).

/** Why the expression is not one AWS accepts, or undefined when it is. */
export function scheduleProblem(expression: string): string | undefined {
  const m = /^(rate|cron|at)\((.*)\)$/s.exec(expression);
  if (!m) return 'it is none of rate(...), cron(...) and at(...)';
  const [, kind, body] = m as unknown as [string, 'rate' | 'cron' | 'at', string];
  if (kind === 'rate') return rateProblem(body);
  if (kind === 'at') return atProblem(body);
  return cronProblem(body);
}

function rateProblem(body: string): string | undefined {
  const m = /^([0-9]+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) return 'a rate is a positive whole number and a unit: minute(s), hour(s) or day(s), as in rate(5 minutes)';
  const value = Number(m[1]);
  const unit = m[2]!;
  if (!Number.isSafeInteger(value) || value < 1) return `a rate's value is a positive whole number, not ${m[1]}`;
  const plural = unit.endsWith('s');
  if (value === 1 && plural) return `a rate of 1 takes the singular unit: rate(1 ${unit.slice(0, -1)})`;
  if (value > 1 && !plural) return `a rate of ${value} takes the plural unit: rate(${value} ${unit}s)`;
  return undefined;
}

function atProblem(body: string): string | undefined {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(body);
  if (!m) return 'a one-time schedule is at(yyyy-mm-ddThh:mm:ss), as in at(2027-01-31T09:00:00)';
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return `${body} has no month ${m[2]}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${body} has no day ${m[3]} (${year}-${m[2]} has ${days} days)`;
  if (hour > 23 || minute > 59 || second > 59) return `${body} is not a time of day (hh 00-23, mm and ss 00-59)`;
  return undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Wildcards beyond , - * / that the field takes. */
  question?: boolean;
  last?: boolean;
  weekday?: boolean;
  nth?: boolean;
}

const FIELDS: readonly Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true, last: true, weekday: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, question: true, last: true, nth: true },
  { name: 'year', min: 1970, max: 2199 },
];

function cronProblem(body: string): string | undefined {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6 || body.trim() === '') {
    return `a cron expression has six fields (minutes hours day-of-month month day-of-week year), not ${body.trim() === '' ? 0 : parts.length}`;
  }
  for (let i = 0; i < 6; i++) {
    const problem = fieldProblem(parts[i]!, FIELDS[i]!);
    if (problem) return problem;
  }
  const [dom, dow] = [parts[2]!, parts[4]!];
  if ((dom === '?') === (dow === '?')) return 'one of day-of-month and day-of-week must be ? (cron cannot take both, nor neither)';
  return undefined;
}

function fieldProblem(text: string, f: Field): string | undefined {
  const bad = `${f.name} ${text} is not ${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''} with the wildcards that field takes`;
  if (text === '?') return f.question ? undefined : `${f.name} cannot be ?`;
  const value = (v: string): number | undefined => {
    if (/^[0-9]+$/.test(v)) {
      const n = Number(v);
      return n >= f.min && n <= f.max ? n : undefined;
    }
    const i = f.names?.indexOf(v.toUpperCase()) ?? -1;
    return i === -1 ? undefined : i + f.min;
  };
  for (const item of text.split(',')) {
    if (item === '*') continue;
    if (f.last && item === 'L') continue;
    if (f.weekday && (item === 'LW' || (/^[0-9]+W$/.test(item) && value(item.slice(0, -1)) !== undefined))) continue;
    if (f.last && f.nth && /^.+L$/.test(item) && value(item.slice(0, -1)) !== undefined) continue;
    if (f.nth && /^[^#]+#[1-5]$/.test(item) && value(item.split('#')[0]!) !== undefined) continue;
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) return bad;
    if (step !== undefined && !(/^[0-9]+$/.test(step) && Number(step) >= 1)) return bad;
    if (range === '*' && step !== undefined) continue;
    const ends = range!.split('-');
    if (ends.length > 2 || ends.some((e) => value(e) === undefined)) return bad;
  }
  return undefined;
}

/** The values of one cron field (`*`, `?`, lists, ranges, steps, names), or undefined for what it cannot follow (L, W, #). */
function cronField(field: string, min: number, max: number, names: readonly string[] = [], base = min): Set<number> | undefined {
  const out = new Set<number>();
  const value = (v: string) => (names.includes(v.toUpperCase()) ? names.indexOf(v.toUpperCase()) + base : Number(v));
  for (const part of field.split(',')) {
    const m = /^(\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/([0-9]+))?$/.exec(part);
    if (!m) return undefined;
    const [, range, step] = m;
    let [lo, hi] = range === '*' || range === '?' ? [min, max] : range!.split('-').map(value) as [number, number?];
    hi ??= step !== undefined ? max : lo;
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) return undefined;
    for (let v = lo; v <= hi; v += Number(step ?? 1)) out.add(v);
  }
  return out;
}

const gaps = new Map<string, number>();

/**
 * The longest time, in seconds, between two runs of a cron(...) schedule (UTC), over the runs of a 62-day span (each
 * matching day's hours and minutes, not every minute); a day or month of the form it cannot follow (L, W, #) counts as
 * monthly (31 days). It is the RPO of a backup path: a corruption just before a run is caught by it, one just after
 * waits for the next. Remembered per expression: check asks once per scenario.
 */
export function cronLongestGapSeconds(expression: string): number {
  let gap = gaps.get(expression);
  if (gap === undefined) gaps.set(expression, (gap = longestGap(expression)));
  return gap;
}

function longestGap(expression: string): number {
  const MONTHLY = 31 * 86_400;
  const m = /^cron\((.*)\)$/.exec(expression);
  const fields = m?.[1]!.trim().split(/\s+/);
  if (!fields || fields.length !== 6) return MONTHLY;
  const [mi, h, dom, mon, dow] = [cronField(fields[0]!, 0, 59), cronField(fields[1]!, 0, 23), cronField(fields[2]!, 1, 31), cronField(fields[3]!, 1, 12, MONTHS, 1), cronField(fields[4]!, 1, 7, WEEKDAYS, 1)];
  if (!mi || !h || !dom || !mon || !dow) return MONTHLY;
  const anyDom = fields[2] === '?' || fields[2] === '*';
  const anyDow = fields[4] === '?' || fields[4] === '*';
  const times = [...h].sort((a, b) => a - b).flatMap((hour) => [...mi].sort((a, b) => a - b).map((minute) => (hour * 60 + minute) * 60_000));
  const runs: number[] = [];
  const start = Date.UTC(2027, 0, 1);
  for (let day = 0; day < 62; day++) {
    const d = new Date(start + day * 86_400_000);
    if (!mon.has(d.getUTCMonth() + 1) || !(anyDom || dom.has(d.getUTCDate())) || !(anyDow || dow.has(d.getUTCDay() + 1))) continue;
    for (const t of times) runs.push(d.getTime() + t);
  }
  if (runs.length < 2) return MONTHLY;
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i]! - runs[i - 1]!);
  return longest / 1000;
}
