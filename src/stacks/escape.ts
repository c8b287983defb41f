// User strings must reach Terraform as the literal text the user wrote: nothing in them may be evaluated by
// Terraform (`${…}`, `%{…}`) or replaced by cdktf (its token markers `${TfToken[…]}` and `#{TfToken[…]}`, which
// would otherwise become live references, even reads of another workspace's state). Escape once, at the door.

/** `${` -> `$${` and `%{` -> `%%{` (Terraform's own escapes); `TfToken[` -> `TfToken${"["}`, which Terraform
 *  evaluates to the same text but in which cdktf finds no token marker. */
export function escapeTemplate(s: string): string {
  return s
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
    .replace(/TfToken\[/g, () => 'TfToken${"["}');
}

/** A deep copy of a model value with every string, and every key, escaped for Terraform. */
export function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeTemplate(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeTemplate(k)] = escapeDeep(v);
    return out as T;
  }
  return value;
}
