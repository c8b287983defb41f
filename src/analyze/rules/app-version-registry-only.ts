// app.version constrains registry modules only: Terraform ignores it for a path or git source, silently.
import { moduleSourceKind } from '../../model/app';
import type { Rule } from '../rule';

export const appVersionRegistryOnly: Rule = {
  id: 'app-version-registry-only',
  code: 'TOPO3071',
  severity: 'error',
  summary: 'app.version is set only for a registry module source.',
  check({ input }, report) {
    const app = input.app;
    if (app?.version === undefined) return;
    const kind = moduleSourceKind(app.module);
    if (kind === 'registry') return;
    const hint = kind === 'git'
      ? 'pin a git source by its ref in the address instead (e.g. git::https://example.com/service.git?ref=v1.4.2), and remove version'
      : 'remove version: a local module is the folder as it is';
    report(['app', 'version'], `app.version ${app.version} has no effect on module source ${app.module}, which is not a registry address`, hint, { key: true });
  },
};
