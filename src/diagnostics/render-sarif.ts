// Diagnostics as SARIF 2.1.0, for code-scanning annotations in pull requests (GitHub's upload requirements: a rule
// per ruleId, a file and a start line per result, paths relative to the repository root).
import type { Diagnostic, Severity } from './diagnostic';

export interface SarifRule {
  code: string;
  id: string;
  severity: Severity;
  summary: string;
}

export interface SarifInput {
  version: string;
  /** Every rule a result may name (those without results too, so a viewer can show what was checked). */
  rules: readonly SarifRule[];
  results: readonly Diagnostic[];
  /** Findings the topology accepts, each with its reason: reported as suppressed results. */
  accepted: readonly { finding: Diagnostic; reason: string }[];
  /** The topology's path relative to the repository root, with forward slashes. */
  uri: string;
  /** Anything else for the run's property bag (the RTO/RPO estimate). */
  properties?: Record<string, unknown>;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function result(d: Diagnostic, uri: string, rules: readonly SarifRule[], reason?: string): Record<string, unknown> {
  const ruleIndex = rules.findIndex((r) => r.code === d.code);
  const region = d.range
    ? { startLine: d.range.line, startColumn: d.range.column, endLine: d.range.endLine, endColumn: d.range.endColumn }
    : { startLine: 1 };
  return {
    ruleId: d.code,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message}. ${d.hint}.`.replace(/\.\./g, '.') : d.message },
    locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%', index: 0 }, region } }],
    // Stable across runs while the finding stays the same, so code scanning tracks it rather than re-opening it.
    partialFingerprints: { 'topoformFinding/v1': `${d.code}:${d.pointer ?? ''}` },
    ...(reason !== undefined ? { suppressions: [{ kind: 'inSource', justification: reason }] } : {}),
  };
}

export function renderSarif(input: SarifInput): string {
  const rules = [...input.rules].sort((a, b) => a.code.localeCompare(b.code));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'topoform',
            semanticVersion: input.version,
            version: input.version,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.id.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.summary },
              fullDescription: { text: r.summary },
              help: { text: `${r.summary} See RULES.md, ${r.code}.` },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the repository that holds the topology.' } } },
        artifacts: [{ location: { uri: input.uri, uriBaseId: '%SRCROOT%' }, mimeType: 'application/yaml' }],
        columnKind: 'utf16CodeUnits',
        results: [
          ...input.results.map((d) => result(d, input.uri, rules)),
          ...input.accepted.map((a) => result(a.finding, input.uri, rules, a.reason)),
        ],
        ...(input.properties ? { properties: input.properties } : {}),
      },
    ],
  };
  return JSON.stringify(log, null, 2).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
