import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoriesOf, findOutsideReferences, headingAnchors, type RepositoryFile, type RepositoryIndex } from './support/outside-references.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Files whose references stay as they are, each for a reason. This file holds the samples
 * the checker must reject; a migration that has landed is never edited (its checksum is
 * recorded in every database it ran on), and its comment names sections of docs/api.md.
 */
const EXEMPT = new Set(['test/repository-links.test.ts', 'prisma/migrations/20261125060000_callbacks_and_usage/migration.sql']);

/** A small repository for the checker's own tests. */
function sampleRepository(markdown: Record<string, string>, others: string[] = []): RepositoryIndex {
  const files = new Set([...Object.keys(markdown), ...others]);
  return { files, directories: directoriesOf(files), markdown: (file) => markdown[file] };
}

const sample = sampleRepository(
  {
    'README.md': '# Docket\n\n## The embedded database\n',
    'docs/api.md': '# API\n\n## Completion callbacks\n\n```md\n## Not a heading\n```\n',
  },
  ['docs/screenshots/jobs.png', 'packages/jobs/src/submit-job.ts'],
);
const check = (text: string, file = 'README.md') => findOutsideReferences({ path: file, text }, sample).map((problem) => problem.reference);

describe('the outside-reference checker', () => {
  it('rejects a path that climbs out of the repository, in prose as in code', () => {
    expect(check('The contract is in ../notes/contract.md, beside the checkout.')).toEqual(['../notes/contract.md']);
    expect(check("// see ../../../../notes/plan.md; import from '../../test/support/recount.ts'", 'packages/jobs/src/submit-job.ts')).toEqual(['../../../../notes/plan.md']);
  });

  it('rejects a relative link that climbs out of the repository', () => {
    expect(check('See [notes](../../notes/plan.md).')).toEqual(['../../notes/plan.md']);
    expect(check('See [notes](../README.md).', 'docs/api.md')).toEqual([]);
    expect(check('See [notes](../../README.md).', 'docs/api.md')).toEqual(['../../README.md']);
  });

  it('rejects links to files, folders and sections that do not exist', () => {
    expect(check('[a](docs/missing.md) [b](docs/api.md#no-such-section) [c](#nowhere) [d](docs/nope/)')).toEqual([
      'docs/missing.md',
      'docs/api.md#no-such-section',
      '#nowhere',
      'docs/nope/',
    ]);
  });

  it('rejects bare mentions of the documents that lived outside the repository, in code as in prose', () => {
    expect(check('/** Turns errors into API.md\'s error shape (see DESIGN.md "Auth", STYLE.md 7). */', 'packages/jobs/src/submit-job.ts')).toEqual(['API.md', 'DESIGN.md', 'STYLE.md']);
  });

  it('rejects docs/ paths in code that do not exist', () => {
    expect(check('// docs/api.md#completion-callbacks, docs/api.md#retries, docs/openapi.json', 'packages/jobs/src/submit-job.ts')).toEqual(['docs/api.md#retries', 'docs/openapi.json']);
  });

  it('accepts links inside the repository, web links, existing sections and examples in code', () => {
    const text = [
      '[contract](docs/api.md#completion-callbacks) ![jobs](docs/screenshots/jobs.png) [db](#the-embedded-database)',
      '[folder](docs/screenshots/) [web](https://www.standardwebhooks.com) [mail](mailto:a@example.com) [code](packages/jobs/src/submit-job.ts)',
      'An example: `[x](../notes/x.md)` is code, not a link.',
      '```md',
      '[also code](nowhere.md)',
      '```',
    ].join('\n');
    const problems = findOutsideReferences({ path: 'README.md', text }, sample);
    expect(problems).toEqual([]);
  });

  it('names headings the way GitHub anchors them', () => {
    expect([...headingAnchors('# Docket: design\n## 7. Dashboard by feature\n### `apps/api` — the API\n## FAQ\n## FAQ\n')]).toEqual([
      'docket-design',
      '7-dashboard-by-feature',
      'appsapi--the-api',
      'faq',
      'faq-1',
    ]);
  });
});

describe('this repository', () => {
  const paths = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && existsSync(path.join(ROOT, file)));
  const files: RepositoryFile[] = paths
    .map((file) => ({ path: file, bytes: readFileSync(path.join(ROOT, file)) }))
    .filter(({ bytes }) => !bytes.subarray(0, 8000).includes(0))
    .map(({ path: file, bytes }) => ({ path: file, text: bytes.toString('utf8') }));
  const markdown = new Map(files.filter((file) => file.path.endsWith('.md')).map((file) => [file.path, file.text]));
  const repository: RepositoryIndex = { files: new Set(paths), directories: directoriesOf(paths), markdown: (file) => markdown.get(file) };

  it('reads every text file git would commit, documents and code alike', () => {
    const read = files.map((file) => file.path);
    expect(read).toEqual(expect.arrayContaining(['README.md', 'docs/api.md', 'docs/design.md', 'docs/style.md', 'apps/api/src/create-app.ts', 'eslint.config.js']));
    expect(read.length).toBeGreaterThan(250);
  });

  it('refers to nothing outside itself, and its links lead to files and sections that exist', () => {
    const problems = files.filter((file) => !EXEMPT.has(file.path)).flatMap((file) => findOutsideReferences(file, repository));
    expect(problems.map((problem) => `${problem.path}:${problem.line}: ${problem.reference} ${problem.problem}`)).toEqual([]);
  });
});
