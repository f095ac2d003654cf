import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
const SKIPPED = new Set(['node_modules', 'coverage', 'test-results', 'dist', 'generated']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith('.') || SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replaceAll(' ', '-');

function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(file, 'utf8').match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((heading) => slug(heading.replace(/^#+ /, ''))));
}

/** Every relative link `[text](target)` of a markdown file that names no file or heading there is. */
function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const broken: string[] = [];
  for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? file : join(dirname(file), path);
    const found =
      existsSync(resolved) && (anchor === undefined || !resolved.endsWith('.md') || anchorsOf(resolved).has(anchor));
    if (!found) broken.push(`${relative(ROOT, file)}: ${target}`);
  }
  return broken;
}

describe('the markdown docs', () => {
  it('link only to files and headings that exist', () => {
    const files = markdownFiles(ROOT);
    expect(files.map((file) => relative(ROOT, file))).toEqual(
      expect.arrayContaining(['README.md', 'docs/commands.md']),
    );
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });
});
