// `topoform pipeline` and `topoform graph`: text generated from the validated model, written to stdout or atomically
// to a file. No cdktf (the CLI bundle carries this; the synth chunk is never loaded).
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { renderGraph, type GraphFormat } from '../docs/graph';
import type { Topology } from '../model/types';
import { EmitError } from '../emit/swap';
import { renderAtlantis } from './atlantis';
import { pipelineContext } from './context';
import { renderGithub } from './github';

export function pipeline(t: Topology, topologyPath: string, version: string, kind: 'github' | 'atlantis', out?: string): string {
  const ctx = pipelineContext(t, topologyPath, version);
  return kind === 'github' ? renderGithub(ctx, out) : renderAtlantis(ctx, out);
}

export function graph(t: Topology, topologyPath: string, version: string, format: GraphFormat): string {
  return renderGraph(t, format, topologyPath, version);
}

/** Writes a temporary file beside the target, then renames it over the target: a reader never sees half a file. */
export function writeAtomically(target: string, text: string): void {
  let isDir = false;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    isDir = false;
  }
  if (isDir) throw new EmitError(`cannot write ${target}: it is a folder`, 'name the file to write, e.g. --out .github/workflows/topoform.yml');
  const tmp = join(dirname(target), `.${basename(target)}.topoform-${process.pid}.tmp`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new EmitError(`cannot write ${target}: ${err instanceof Error ? err.message : String(err)}`, 'choose an --out path in a folder you can write to');
  }
}
