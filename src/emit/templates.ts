// Handlebars for the documents that go beside the Terraform (never for Terraform itself).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';

const TEMPLATES = join(__dirname, '../../templates'); // same from src/emit and dist/emit

export function renderTemplate(name: string, context: object): string {
  const hbs = Handlebars.create();
  hbs.registerHelper('join', (items: unknown) => (Array.isArray(items) ? items.join(', ') : ''));
  const template = hbs.compile(readFileSync(join(TEMPLATES, `${name}.hbs`), 'utf8'), { noEscape: true, strict: true });
  return template(context);
}
