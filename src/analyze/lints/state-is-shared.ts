// The state of a multi-region deployment lives somewhere that survives a laptop: not in the local backend.
import type { Lint } from './lint';

export const stateIsShared: Lint = {
  id: 'state-is-shared',
  code: 'TOPO6006',
  severity: 'warning',
  summary: 'Workspace state is kept in S3 (one bucket per region) or HCP Terraform, not on the machine that ran Terraform.',
  hint: 'set state: { backend: s3, bucket: <name>-{region} } (each workspace keeps its state in its own region), or backend: cloud for HCP Terraform',
  check({ input, model }, report) {
    if (model.state.backend !== 'local') return;
    const written = input.state?.backend !== undefined;
    report(
      written ? ['state', 'backend'] : input.state ? ['state'] : ['regions'],
      `the state of all ${model.regions.length + 1} workspaces (${model.regions.length} regions and global) is local${written ? '' : ' (the default)'}: it lives on one machine, which no failover survives, and nobody else can plan during an outage`,
      stateIsShared.hint,
      { key: true },
    );
  },
};
