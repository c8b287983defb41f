// The driver: chains the stages, stops after the first stage with an error, and keeps cdktf out of `validate`.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic';
import { validateFile, type Validated } from './validate';

export interface WorkspaceSummary {
  name: string;
  kind: 'region' | 'global';
  resources: number;
  state: { backend: 's3' | 'local'; where: string; region?: string };
  dependsOn: string[];
}

export interface SynthResult {
  outdir: string;
  workspaces: WorkspaceSummary[];
}

export interface Outcome<T> {
  value?: T;
  diagnostics: Diagnostic[];
  /** Text of each source file, for rendering diagnostics with their lines. */
  sources: Map<string, string>;
}

export function validate(file: string): Outcome<Validated> {
  const result = validateFile(file);
  const sources = new Map<string, string>();
  if (result.value) sources.set(file, result.value.source.text);
  else {
    try {
      sources.set(file, readFileSync(file, 'utf8'));
    } catch {
      // unreadable: the diagnostic already says so
    }
  }
  const out: Outcome<Validated> = { diagnostics: sortDiagnostics(result.diagnostics), sources };
  if (result.value) out.value = result.value;
  return out;
}

export const VERSION: string = (require('../package.json') as { version: string }).version;

export function synth(file: string, outdir: string): Outcome<SynthResult> {
  const validated = validate(file);
  if (!validated.value || hasErrors(validated.diagnostics)) return { diagnostics: validated.diagnostics, sources: validated.sources };
  const { topology, source } = validated.value;
  // cdktf and the provider load only from here on.
  const { unsupportedFeatures } = require('./build/support') as typeof import('./build/support');
  const refused = unsupportedFeatures(topology, source);
  if (hasErrors(refused)) return { diagnostics: sortDiagnostics([...validated.diagnostics, ...refused]), sources: validated.sources };
  const { buildApp } = require('./build/app') as typeof import('./build/app');
  const { emitAtomically, editJson } = require('./emit/synth') as typeof import('./emit/synth');
  const { renderTemplate } = require('./emit/templates') as typeof import('./emit/templates');
  const workspaces = emitAtomically(outdir, (dir) => {
    const built = buildApp(topology, dir);
    built.app.synth();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }>;
    };
    const summaries = built.workspaces.map((w): WorkspaceSummary => {
      const stackFile = join(dir, manifest.stacks[w.name]!.synthesizedStackPath);
      let resources = 0;
      editJson(stackFile, (json) => {
        for (const byName of Object.values((json['resource'] ?? {}) as Record<string, object>)) resources += Object.keys(byName).length;
        const meta = (json['//'] ?? {}) as Record<string, unknown>;
        return { ...json, '//': { generated: `by topoform ${VERSION} from ${basename(file)} (topology ${topology.name}); do not edit, re-run topoform synth`, ...meta } };
      });
      return { name: w.name, kind: w.kind, resources, state: w.state, dependsOn: [...manifest.stacks[w.name]!.dependencies].sort() };
    });
    const global = summaries.find((w) => w.kind === 'global');
    writeFileSync(
      join(dir, 'README.md'),
      renderTemplate('workspaces.md', {
        topology: topology.name,
        version: VERSION,
        file: basename(file),
        pattern: topology.pattern,
        primary: topology.primary.name,
        globalStateRegion: global?.state.region,
        workspaces: summaries.map((w, i) => ({
          ...w,
          position: i + 1,
          stateText: w.state.backend === 's3' ? `\`${w.state.where}\` (${w.state.region})` : `local \`${w.state.where}\` (from the workspace folder)`,
        })),
      }),
    );
    return summaries;
  });
  return { value: { outdir: relative(process.cwd(), resolve(outdir)) || '.', workspaces }, diagnostics: validated.diagnostics, sources: validated.sources };
}
