// `topoform pipeline --atlantis`: a repo-level atlantis.yaml with one project per workspace, ordered by the workspace
// graph (src/model/workspaces.ts): execution_order_group is the wave, depends_on the workspaces applied before. No cdktf.
import { posix } from 'node:path';
import { stringify } from 'yaml';
import { commentSafe, header, literalPattern, runnerAccess, workspaceDir, type PipelineContext } from './context';

/** Atlantis reads only `atlantis.yaml` at the repository root. */
export const ATLANTIS_PATH = 'atlantis.yaml';

export function renderAtlantis(ctx: PipelineContext, out = ATLANTIS_PATH): string {
  const access = runnerAccess(ctx.topology);
  const waveOf = new Map(ctx.waves.flatMap((wave, i) => wave.map((w) => [w, i] as const)));
  const projects = ctx.workspaces.map((w) => {
    const dir = workspaceDir(ctx, w.name);
    // when_modified is relative to the project's folder: the synthesized workspace itself, and the topology and its
    // module, whose change is what a pull request of this repository usually holds.
    const sources = [literalPattern(posix.relative(dir, ctx.topologyPath)), ...(ctx.moduleDir ? [`${literalPattern(posix.relative(dir, ctx.moduleDir))}/**`] : [])];
    return {
      name: `${ctx.topology.name}-${w.name}`,
      dir,
      workspace: 'default',
      execution_order_group: waveOf.get(w.name)!,
      ...(w.after.length > 0 ? { depends_on: w.after.map((a) => `${ctx.topology.name}-${a}`) } : {}),
      autoplan: { enabled: true, when_modified: ['*.tf.json', '**/*.tf', ...sources] },
    };
  });
  const config = {
    version: 3,
    parallel_plan: true,
    parallel_apply: true,
    abort_on_execution_order_fail: true,
    projects,
  };
  const comment = [
    ...header(ctx, '--atlantis', out),
    '',
    `Atlantis plans and applies what is in ${ctx.outdir}/: commit the synthesized folder with the topology`,
    `(npx topoform synth ${commentSafe(ctx.topologyPath)} --out ${ctx.outdir}),`,
    'or run that synth in a pre_workflow_hooks entry of the server-side repo config, so every pull request carries',
    'the workspaces it changes. One project per workspace; a group (the wave) runs after the groups before it,',
    'and depends_on keeps a workspace from applying before the ones it follows.',
    ...access.atlantisNotes,
  ];
  return `${comment.map((l) => (l ? `# ${l}` : '#')).join('\n')}\n${stringify(config, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
