// The Mermaid that topoform writes (the runbook's map, `topoform graph`) renders in a real browser with Mermaid
// itself: Chromium driven by puppeteer-core, Mermaid's own bundle from node_modules, no network. The parser-only
// checks in runbook.test.ts and graph.test.ts always run; this one needs a Chromium (Debian's `chromium`, which
// .ci/run installs) and says so when there is none.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, topoform } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';
import { twoRegions } from './helpers/fixtures';
import { topologyDir } from './helpers/synth';

type Browser = import('puppeteer-core').Browser;
type Page = import('puppeteer-core').Page;

const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const chromium = CANDIDATES.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
if (!chromium) console.warn('mermaid-render: no Chromium found (set CHROMIUM_PATH or apt-get install chromium): the rendering tests are skipped; the parser tests still run');

/** The ```mermaid block of a Markdown file. */
function mermaidBlock(markdown: string): string {
  const m = /```mermaid\n([\s\S]*?)```/.exec(markdown);
  if (!m) throw new Error('no mermaid block');
  return m[1]!;
}

interface Rendered {
  svg?: string;
  error?: string;
}

describe.skipIf(!chromium)('Mermaid renders in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let n = 0;
  const render = async (text: string): Promise<Rendered> =>
    page.evaluate(
      async (src: string, id: string) => {
        const m = (globalThis as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        try {
          return { svg: (await m.render(id, src)).svg };
        } catch (e) {
          return { error: String((e as Error).message ?? e) };
        }
      },
      text,
      `d${n++}`,
    );

  beforeAll(async () => {
    const puppeteer = (await import('puppeteer-core')).default;
    browser = await puppeteer.launch({ executablePath: chromium!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js') });
    await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the renderer is live: a broken diagram is an error, not a picture', async () => {
    expect((await render('flowchart LR\n  a["x --> ')).error).toMatch(/Parse error/);
  });

  for (const example of EXAMPLES) {
    it(`${example}: the runbook's map and the graph render, with every region in the picture`, async () => {
      const topology = readFileSync(join(ROOT, 'examples', example, 'topology.yaml'), 'utf8');
      const regions = [...topology.matchAll(/^ {2}- name: ([a-z]{2}(?:-gov)?-[a-z]+-\d)\s*$/gm)].map((m) => m[1]!);
      expect(regions.length).toBeGreaterThanOrEqual(2);
      const runbook = mermaidBlock(readFileSync(join(ROOT, 'test/golden-docs', example, 'RUNBOOK.md'), 'utf8'));
      const graph = readFileSync(join(ROOT, 'test/golden-pipeline', example, 'graph.mmd'), 'utf8');
      for (const text of [runbook, graph]) {
        const r = await render(text);
        expect(r.error).toBeUndefined();
        expect(r.svg).toMatch(/^<svg /);
        expect((r.svg!.match(/class="node /g) ?? []).length).toBeGreaterThanOrEqual(regions.length);
        for (const region of regions) expect(r.svg).toContain(region);
      }
    });
  }

  it('hostile strings in a topology render as text: no element, no script', async () => {
    // The health check path reaches the diagram's routing label; the schema admits these characters there.
    const dir = topologyDir(twoRegions({ healthCheck: `path: '/{{x}}|\`<script>\`[x](y)**"q<b>x</b>'`, append: 'data:\n  - { name: files, type: s3 }\n' }), 'render');
    const r = topoform(['docs', 'topology.yaml', '--out', 'runbook.out'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const rendered = await render(mermaidBlock(readFileSync(join(dir, 'runbook.out', 'RUNBOOK.md'), 'utf8')));
    expect(rendered.error).toBeUndefined();
    expect(rendered.svg).not.toMatch(/<script|<b>/);
    // ...and the payload is there, as text of the edge label.
    expect(rendered.svg).toContain('&lt;script&gt;');
  });
});
