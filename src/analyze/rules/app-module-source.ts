// app.module is a source topoform can pass on: relative, literal, and when local a folder synth can copy into every
// region's workspace.
import { inspectModuleFolder, moduleSourceKind } from '../../model/app';
import type { Rule } from '../rule';

export const appModuleSource: Rule = {
  id: 'app-module-source',
  code: 'TOPO3070',
  severity: 'error',
  summary: 'app.module is a literal source (no template sequences), not an absolute path, and when local a folder inside the topology\'s repository, without symbolic links, of at most 5 MiB.',
  check({ input, file }, report) {
    const source = input.app?.module;
    if (source === undefined) return;
    // Terraform reads a module source literally (no expressions), so no escape could make these mean themselves.
    if (/\$\{|%\{|TfToken\[/.test(source)) {
      report(['app', 'module'], `app.module ${source} holds a template sequence (\${, %{) or a cdktf token marker`, 'a module source is a literal address or path; remove the sequence');
      return;
    }
    const kind = moduleSourceKind(source);
    if (kind === 'absolute') {
      report(['app', 'module'], `app.module ${source} is an absolute path`, 'write the path relative to the topology file, starting with ./ or ../, so the topology works on every machine');
      return;
    }
    if (kind !== 'local' || file === undefined) return;
    const folder = inspectModuleFolder(file, source);
    if ('problem' in folder) report(['app', 'module'], folder.problem, folder.hint);
  },
};
