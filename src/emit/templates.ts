// Handlebars for the documents that go beside the Terraform (never for Terraform itself).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Handlebars from 'handlebars';

/** templates/ at the package root: the nearest folder above this code with a package.json (src/emit in tests, dist/ in the bundle). */
function templatesDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'templates');
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

export function renderTemplate(name: string, context: object): string {
  const hbs = Handlebars.create();
  hbs.registerHelper('join', (items: unknown) => (Array.isArray(items) ? items.join(', ') : ''));
  const template = hbs.compile(readFileSync(join(templatesDir(), `${name}.hbs`), 'utf8'), { noEscape: true, strict: true });
  return template(context);
}
