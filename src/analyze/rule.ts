// The shape of a rule (cdk-nag's): an id that is its file name, one code, a severity, the invariant it holds, a check.
import type { Code } from '../diagnostics/codes';
import type { Severity } from '../diagnostics/diagnostic';
import type { TopologyInput } from '../model/input';
import type { SourcePath, Topology } from '../model/types';

export interface RuleContext {
  /** The topology as written (schema-valid): what the user typed, to point at and to word messages. */
  input: TopologyInput;
  /** The same with the pattern's defaults filled in. */
  model: Topology;
  /** The topology file as the user named it, for what is relative to it (a local app.module). */
  file?: string;
}

/** Reports one finding of the rule at a place in the topology (`key`: at the key rather than its value). */
export type Report = (path: SourcePath, message: string, hint?: string, opts?: { key?: boolean }) => void;

export interface Rule {
  /** Kebab-case, the name of the rule's file under src/analyze/rules/. */
  id: string;
  /** The one diagnostic code the rule emits. */
  code: Code;
  severity: Severity;
  /** The invariant the rule holds, in the present tense. */
  summary: string;
  check(ctx: RuleContext, report: Report): void;
}
