// Durations as the format writes them (`500ms`, `30s`, `5m`, `1h`; schema `$defs/duration`), in seconds.

const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;

/** Seconds in a schema-valid duration string; throws on anything else (the schema has refused it before). */
export function parseDuration(text: string): number {
  const m = /^([0-9]{1,9})(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
}
