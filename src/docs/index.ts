// `topoform docs`: RUNBOOK.md from a validated topology, written atomically. Its own bundle chunk
// (dist/topoform-docs.js, scripts/build.js): Handlebars and the runbook load only here, and never cdktf.
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { emitAtomically, prepareOutdir as prepareTarget } from '../emit/swap';
import { renderTemplate } from '../emit/templates';
import type { Topology } from '../model/types';
import { DEFAULT_DOCS_OUT, RUNBOOK_FILE, runbookView } from './runbook';

export { DEFAULT_DOCS_OUT };

/** Repairs a swap an earlier docs run was killed in, and refuses an output folder that is or holds the topology. */
export function prepareOutdir(file: string, outdir: string): void {
  prepareTarget(file, outdir, 'docs', DEFAULT_DOCS_OUT);
}

export interface DocsResult {
  outdir: string;
  files: string[];
}

/** The runbook's text: `file` as the user should name it (relative to the repository), `out` as given. */
export function renderRunbook(topology: Topology, opts: { file: string; version: string; out: string }): string {
  return renderTemplate('runbook.md', runbookView(topology, opts));
}

/** Renders first, then swaps the folder in: a failure anywhere leaves an earlier output untouched. */
export function writeDocs(topology: Topology, opts: { file: string; version: string; outdir: string; named: string }): DocsResult {
  const text = renderRunbook(topology, { file: opts.file, version: opts.version, out: opts.named });
  emitAtomically(opts.outdir, (dir) => writeFileSync(join(dir, RUNBOOK_FILE), text), undefined, { marker: RUNBOOK_FILE });
  return { outdir: relative(process.cwd(), resolve(opts.outdir)) || '.', files: [RUNBOOK_FILE] };
}
