// Synthesizes a topology given as text into a fresh temporary folder, and reads its workspaces back as JSON.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topoform } from './cli';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Synthesized {
  /** The output folder (cdktf.out). */
  out: string;
  /** Workspace names, sorted. */
  workspaces: string[];
  /** A workspace's cdk.tf.json. */
  stack(name: string): Json;
}

/** A fresh temporary folder holding the text as `topology.yaml`, for running the CLI in it. */
export function topologyDir(text: string, label = 'topology'): string {
  const dir = mkdtempSync(join(tmpdir(), `topoform-${label}-`));
  writeFileSync(join(dir, 'topology.yaml'), text);
  return dir;
}

/** Runs `topoform synth` on the text; throws with its stderr when it fails. */
export function synthTopology(text: string, label = 'topology'): Synthesized {
  const dir = topologyDir(text, label);
  const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
  if (r.status !== 0) throw new Error(`synth failed (${r.status}): ${r.stderr}`);
  const out = join(dir, 'cdktf.out');
  return {
    out,
    workspaces: readdirSync(join(out, 'stacks')).sort(),
    stack: (name) => JSON.parse(readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json,
  };
}
