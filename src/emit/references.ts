// Every reference a workspace's Terraform makes is to something declared in that workspace. topoform never uses
// cdktf's cross-stack references (the one read of another workspace's state is an explicit terraform_remote_state,
// src/stacks/backends.ts), and src/stacks/app.ts skips the pass that would turn one into a silent remote-state read:
// a token of one stack used in another by mistake would come out as a reference to a resource this workspace does not
// have. Checked here, at synth, so such a builder bug is an internal error instead of an output Terraform refuses.

type Json = Record<string, unknown>;

/** `[data.]type.name` inside an interpolation; the type holds a `_` (every resource and data type does). */
const REFERENCE = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/**
 * The expression text of a Terraform template string: what is inside `${ }` (and `%{ }`), quoted strings within
 * expressions reduced to their own interpolations; literal text, escaped `$${` and `%%{` included, is left out (a user
 * string that reads `${data.x}` is written escaped, as literal text).
 */
export function expressionText(template: string): string {
  let out = '';
  let i = 0;
  // A template (top level, or a quoted string inside an expression, which ends at `"`): its interpolations' text.
  const template_ = (quoted: boolean): void => {
    while (i < template.length) {
      if (template.startsWith('$${', i) || template.startsWith('%%{', i)) i += 3;
      else if (template.startsWith('${', i) || template.startsWith('%{', i)) {
        i += 2;
        expression();
        out += ' ';
      } else if (quoted && template[i] === '\\') i += 2;
      else if (quoted && template[i] === '"') {
        i++;
        return;
      } else i++;
    }
  };
  // An expression up to its closing `}`.
  const expression = (): void => {
    let depth = 0;
    while (i < template.length) {
      const c = template[i]!;
      if (c === '"') {
        i++;
        out += ' ';
        template_(true);
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') {
        if (depth === 0) {
          i++;
          return;
        }
        depth--;
      }
      out += c;
      i++;
    }
  };
  template_(false);
  return out;
}

/** The references of one workspace (its cdk.tf.json) to resources or data sources it does not declare. */
export function danglingReferences(stack: Json): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries((stack['resource'] ?? {}) as Record<string, Json>)) for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries((stack['data'] ?? {}) as Record<string, Json>)) for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  const out = new Set<string>();
  const visit = (value: unknown, inMetadata: boolean): void => {
    if (typeof value === 'string') {
      if (inMetadata || !/[$%]\{/.test(value)) return;
      for (const m of expressionText(value).matchAll(REFERENCE)) {
        const ref = `${m[1] ?? ''}${m[2]}.${m[3]}`;
        if (!declared.has(ref)) out.add(ref);
      }
    } else if (Array.isArray(value)) for (const v of value) visit(v, inMetadata);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, inMetadata || k === '//');
  };
  visit(stack, false);
  return [...out].sort();
}
