// `topoform pipeline --github`: a GitHub Actions workflow that synthesizes the topology, then plans and applies its
// workspaces wave by wave (src/model/workspaces.ts, the order synth writes into the manifest). No cdktf.
import { stringify } from 'yaml';
import { ACTIONS, header, literalPattern, runnerAccess, workspaceDir, type PipelineContext } from './context';

/** Where the workflow belongs, and what its header tells users to regenerate into when no --out was given. */
export function defaultGithubPath(ctx: PipelineContext): string {
  return `.github/workflows/topoform-${ctx.topology.name}.yml`;
}

export const SYNTH_ARTIFACT = 'cdktf-out';

export const planJob = (wave: number): string => `plan-wave-${wave}`;
export const applyJob = (wave: number): string => `apply-wave-${wave}`;

export function renderGithub(ctx: PipelineContext, out = defaultGithubPath(ctx)): string {
  const t = ctx.topology;
  const access = runnerAccess(t);
  // The topology, its module, this workflow, and the lock file that pins topoform (an upgrade can change the Terraform).
  const self = out.startsWith('../') ? [] : [literalPattern(out)]; // a workflow outside the repository is no path of it
  const paths = [literalPattern(ctx.topologyPath), ...(ctx.moduleDir ? [`${literalPattern(ctx.moduleDir)}/**`] : []), ...self, 'package-lock.json'];
  const ws = '${{ matrix.workspace }}';
  const matrixDir = workspaceDir(ctx, ws);
  const jobEnv = { WORKSPACE: ws, WORKSPACE_DIR: matrixDir };
  const terraformSetup = { uses: ACTIONS.setupTerraform, with: { terraform_version: ctx.terraform, terraform_wrapper: false } };
  const downloadOutput = { name: 'synthesized workspaces', uses: ACTIONS.download, with: { name: SYNTH_ARTIFACT, path: ctx.outdir } };
  const init = { name: 'terraform init', run: 'terraform -chdir="$WORKSPACE_DIR" init -input=false' };
  // With several accounts, each workspace of the matrix also names the repository variable of its account's role.
  const matrix = (wave: string[], kind: 'plan' | 'apply') => {
    const extra = access.githubMatrix?.[kind];
    return { 'fail-fast': false, matrix: { workspace: wave, ...(extra ? { include: wave.map((w) => ({ workspace: w, ...extra(w) })) } : {}) } };
  };
  // A secure parameter's value is in plain text in the workspaces and in a saved plan (TOPO3054). An artifact is
  // readable by anyone who can read the repository's Actions for its retention: with one, nothing that holds the
  // value is uploaded. Each job synthesizes the topology itself (synth is deterministic), and apply plans again.
  const secure = t.data.filter((s) => s.type === 'parameter' && s.secure).map((s) => s.name);
  const synthSteps = [
    { uses: ACTIONS.checkout, with: { 'persist-credentials': false } },
    { uses: ACTIONS.setupNode, with: { 'node-version': '20', cache: 'npm' } },
    { run: 'npm ci' },
    { name: 'topoform synth', run: 'npx topoform synth "$TOPOLOGY" --out "$OUTDIR"' },
  ];
  const workspaces = secure.length > 0 ? synthSteps : [downloadOutput];

  const jobs: Record<string, unknown> = {
    synth: {
      name: 'synth',
      'runs-on': 'ubuntu-latest',
      'timeout-minutes': 15,
      permissions: { contents: 'read' },
      steps: [
        ...synthSteps,
        ...(secure.length > 0 ? [] : [{
          name: 'keep the workspaces for the plan and apply jobs',
          uses: ACTIONS.upload,
          with: { name: SYNTH_ARTIFACT, path: ctx.outdir, 'if-no-files-found': 'error', 'include-hidden-files': true, 'retention-days': 7 },
        }]),
      ],
    },
  };

  ctx.waves.forEach((wave, i) => {
    const n = i + 1;
    const previous = n === 1 ? [] : access.applies ? [planJob(n - 1), applyJob(n - 1)] : [planJob(n - 1)];
    const plan: Record<string, unknown> = {
      name: `plan wave ${n} (${ws})`,
      needs: n === 1 ? ['synth'] : previous,
    };
    if (n > 1 && access.applies) {
      // On pull requests the apply jobs are skipped, which would skip every later plan too; on main a plan waits for
      // the apply of the wave before it, so it sees the state it depends on.
      const prev = applyJob(n - 1);
      plan['if'] = `\${{ !cancelled() && needs.${planJob(n - 1)}.result == 'success' && (needs.${prev}.result == 'success' || needs.${prev}.result == 'skipped') }}`;
    }
    Object.assign(plan, {
      'runs-on': 'ubuntu-latest',
      'timeout-minutes': 30,
      permissions: { contents: 'read', 'pull-requests': 'write', ...access.githubPermissions },
      strategy: matrix(wave, 'plan'),
      env: jobEnv,
      steps: [
        ...workspaces,
        terraformSetup,
        ...access.githubSteps.plan,
        init,
        { name: 'terraform plan', run: 'terraform -chdir="$WORKSPACE_DIR" plan -input=false -lock-timeout=10m -out=tfplan' },
        { name: 'plan as text', run: 'terraform -chdir="$WORKSPACE_DIR" show -no-color tfplan > "$RUNNER_TEMP/plan.txt"' },
        // A plan holds the values it will write (sensitive ones too): kept only for an apply job to use.
        ...(access.applies && secure.length === 0 ? [{
          name: 'keep the plan for the apply job',
          uses: ACTIONS.upload,
          with: {
            name: `plan-${ws}`,
            path: `${matrixDir}/tfplan\n${matrixDir}/.terraform.lock.hcl\n`,
            'if-no-files-found': 'error',
            'include-hidden-files': true,
            'retention-days': 7,
          },
        }] : []),
        {
          name: 'post the plan',
          env: { GH_TOKEN: '${{ github.token }}', PR: '${{ github.event.pull_request.number }}' },
          run: [
            '{',
            '  echo "### terraform plan: $WORKSPACE"',
            '  echo',
            "  echo '~~~~~~~~'",
            '  head -c 60000 "$RUNNER_TEMP/plan.txt"',
            "  echo '~~~~~~~~'",
            '} > "$RUNNER_TEMP/plan.md"',
            'cat "$RUNNER_TEMP/plan.md" >> "$GITHUB_STEP_SUMMARY"',
            'if [ "$GITHUB_EVENT_NAME" = pull_request ]; then',
            '  gh pr comment "$PR" --repo "$GITHUB_REPOSITORY" --body-file "$RUNNER_TEMP/plan.md"',
            'fi',
            '',
          ].join('\n'),
        },
      ],
    });
    jobs[planJob(n)] = plan;
    if (!access.applies) return;
    jobs[applyJob(n)] = {
      name: `apply wave ${n} (${ws})`,
      needs: n === 1 ? [planJob(n)] : [planJob(n), applyJob(n - 1)],
      if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
      'runs-on': 'ubuntu-latest',
      'timeout-minutes': 120,
      // Approvals and protection rules are set on the environment, one per workspace.
      environment: ws,
      permissions: { contents: 'read', ...access.githubPermissions },
      strategy: matrix(wave, 'apply'),
      env: jobEnv,
      steps: secure.length > 0
        ? [
            ...synthSteps,
            terraformSetup,
            ...access.githubSteps.apply,
            init,
            // The reviewed plan holds the secure value, so it was not kept: this plans again from the same commit.
            { name: 'terraform apply', run: 'terraform -chdir="$WORKSPACE_DIR" apply -input=false -lock-timeout=10m -auto-approve' },
          ]
        : [
            downloadOutput,
            { name: 'the reviewed plan', uses: ACTIONS.download, with: { name: `plan-${ws}`, path: matrixDir } },
            terraformSetup,
            ...access.githubSteps.apply,
            init,
            { name: 'terraform apply', run: 'terraform -chdir="$WORKSPACE_DIR" apply -input=false -lock-timeout=10m tfplan' },
          ],
    };
  });

  const workflow = {
    name: `topoform ${t.name}`,
    on: {
      pull_request: { paths },
      push: { branches: ['main'], paths },
      workflow_dispatch: {},
    },
    permissions: { contents: 'read' },
    concurrency: { group: `topoform-${t.name}-\${{ github.ref }}`, 'cancel-in-progress': false },
    // `${{` in a value would start an expression: the path reaches the shell as literal text (then quoted there).
    env: { TOPOLOGY: ctx.topologyPath.replaceAll('${{', "${{ '${{' }}"), OUTDIR: ctx.outdir },
    jobs,
  };
  const order = ctx.waves.map((w, i) => `  wave ${i + 1}: ${w.join(', ')}`);
  const comment = [
    ...header(ctx, '--github', out),
    '',
    `Synthesizes the topology, then plans every workspace wave by wave${access.applies ? ', and on a push to main applies the' : '.'}`,
    ...(access.applies ? ['reviewed plans wave by wave, each workspace through its GitHub environment (set approvals there).'] : []),
    'Apply order (a wave starts when the wave before it is done):',
    ...order,
    ...access.notes,
    ...(secure.length > 0
      ? [
          `The secure parameter${secure.length > 1 ? 's' : ''} ${secure.join(', ')} ${secure.length > 1 ? 'are' : 'is'} in plain text in the synthesized workspaces and in a saved plan (TOPO3054),`,
          'so no job uploads either: each job synthesizes the topology itself, and apply plans again from the same commit.',
        ]
      : []),
  ];
  return `${comment.map((l) => (l ? `# ${l}` : '#')).join('\n')}\n${stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
