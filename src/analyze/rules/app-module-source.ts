// app.module is a source topoform can pass on: relative, literal, and when local a folder synth can copy into every
// region's workspace.
import { inspectModuleFolder, moduleSourceKind } from '../../model/app';
import type { Rule } from '../rule';

export const appModuleSource: Rule = {
  id: 'app-module-source',
  code: 'TOPO3070',
  severity: 'error',
  summary: 'app.module is a literal source (no template sequences), not an absolute path, written with forward slashes, and when local a folder inside the topology\'s repository, without symbolic links, of at most 5 MiB.',
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
    // Terraform reads a source as a local path only when it starts with ./ or ../ (forward slashes, on Windows too);
    // `.\modules\app` would go to the module installer as a remote address and fail at init.
    // https://developer.hashicorp.com/terraform/language/modules/sources#local-paths
    if (source.includes('\\')) {
      const forward = source.replace(/\\/g, '/');
      report(['app', 'module'], `app.module ${source} separates folders with backslashes, which Terraform does not read as a local path`, `write ${forward.startsWith('./') || forward.startsWith('../') ? forward : `./${forward}`}: a local module path starts with ./ or ../ and uses forward slashes, on Windows too`);
      return;
    }
    if (kind !== 'local' || file === undefined) return;
    const folder = inspectModuleFolder(file, source);
    if ('problem' in folder) report(['app', 'module'], folder.problem, folder.hint);
  },
};
