import path from 'node:path';

/** A file of the repository: its path from the root (forward slashes) and its text. */
export type RepositoryFile = { path: string; text: string };

/** What the checker knows of the repository: which paths exist, and the text of its Markdown files. */
export type RepositoryIndex = {
  files: ReadonlySet<string>;
  directories: ReadonlySet<string>;
  markdown(path: string): string | undefined;
};

export type OutsideReference = { path: string; line: number; reference: string; problem: string };

/**
 * The names of documents that lived beside the repository before docs/ held them. A bare
 * mention sends a reader to a file a clone does not have; `docs/api.md`, `docs/design.md`
 * and `docs/style.md` are the ones in the repository.
 */
const BARE_DOCUMENT = /(?<![\w./-])(?:API|DESIGN|STYLE)\.md\b/g;
/** A relative path that starts by going up: `../notes/plan.md`. Out of bounds when it climbs above the root. */
const CLIMBING_PATH = /(?<![\w./-])(?:\.\.\/)+[\w.-]*\w(?:\/[\w.-]*\w)*/g;
/**
 * Files whose relative paths are references a reader follows from the file's own folder: prose
 * and code. Data files (the lockfile's importers) hold paths relative to something else.
 */
const READ_FROM_THEIR_FOLDER = /\.(md|[cm]?[jt]sx?|sh|sql)$/;
/** A repository path under docs/, with an optional section: `docs/api.md#errors`. */
const DOCS_PATH = /(?<![\w./-])docs\/[\w./-]*\w(?:#[\w-]+)?/g;
const MARKDOWN_LINK = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Every reference in `file` that leads outside the repository or nowhere: relative paths (in
 * any file, code comments included) that climb above the root, bare mentions of the old
 * out-of-tree document names, relative Markdown links that climb out
 * of the root or name a file, folder or section that does not exist, and `docs/…` paths
 * (in any file, code comments included) that do not exist. Web links are not followed.
 */
export function findOutsideReferences(file: RepositoryFile, repository: RepositoryIndex): OutsideReference[] {
  const problems: OutsideReference[] = [];
  const report = (index: number, reference: string, problem: string) => problems.push({ path: file.path, line: lineOf(file.text, index), reference, problem });

  for (const match of file.text.matchAll(BARE_DOCUMENT)) report(match.index, match[0], 'names a document outside the repository: refer to docs/api.md, docs/design.md or docs/style.md');

  const links = file.path.endsWith('.md') ? markdownLinks(file.text) : [];
  // A link's target is checked as a link (relative to its file), not again as a mention.
  let mentions = file.text;
  for (const link of links) mentions = mentions.slice(0, link.index) + blank(link.target) + mentions.slice(link.index + link.target.length);
  // In Markdown, a path in `code` is an example (a sanitised filename, say), not a reference.
  const climbing = !READ_FROM_THEIR_FOLDER.test(file.path) ? '' : file.path.endsWith('.md') ? withoutInlineCode(withoutFences(mentions)) : mentions;
  for (const match of climbing.matchAll(CLIMBING_PATH)) {
    if (climbsOut(path.posix.dirname(file.path), match[0])) report(match.index, match[0], 'points outside the repository');
  }
  for (const match of mentions.matchAll(DOCS_PATH)) {
    const problem = targetProblem('', match[0], file.path, repository);
    if (problem) report(match.index, match[0], problem);
  }
  for (const link of links) {
    if (URL_SCHEME.test(link.target)) continue;
    const problem = targetProblem(path.posix.dirname(file.path), link.target, file.path, repository);
    if (problem) report(link.index, link.target, problem);
  }
  return problems;
}

/** The targets of a Markdown file's links, images and reference definitions, outside code, in order. */
function markdownLinks(markdown: string): { index: number; target: string }[] {
  const prose = withoutInlineCode(withoutFences(markdown));
  const links = [MARKDOWN_LINK, REFERENCE_DEFINITION].flatMap((pattern) =>
    [...prose.matchAll(pattern)].map((match) => ({ index: match.index + match[0].lastIndexOf(match[1]!), target: match[1]! })),
  );
  return links.sort((a, b) => a.index - b.index);
}

/** Whether `target`, relative to the directory `fromDir` (from the root), leads above the root. */
function climbsOut(fromDir: string, target: string): boolean {
  const resolved = path.posix.normalize(path.posix.join(fromDir, target));
  return resolved === '..' || resolved.startsWith('../');
}

/** Why `target` (relative to `fromDir`, `#section` allowed) leads nowhere, or undefined when it exists. */
function targetProblem(fromDir: string, target: string, fromFile: string, repository: RepositoryIndex): string | undefined {
  const [pathPart = '', section] = target.split('#', 2);
  if (pathPart.startsWith('/')) return 'is an absolute path: link relative to this file';
  const resolved = pathPart === '' ? fromFile : path.posix.normalize(path.posix.join(fromDir, pathPart)).replace(/\/$/, '');
  if (climbsOut(fromDir, pathPart)) return 'climbs out of the repository';
  if (!repository.files.has(resolved) && !repository.directories.has(resolved)) return `names ${resolved}, which does not exist`;
  if (section === undefined) return undefined;
  const text = resolved.endsWith('.md') ? repository.markdown(resolved) : undefined;
  if (text === undefined) return `names a section of ${resolved}, which has none`;
  return headingAnchors(text).has(section) ? undefined : `names a section #${section} that ${resolved} does not have`;
}

/**
 * The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped,
 * spaces as hyphens, `-1`, `-2` … on repeats. Headings inside fenced code are not headings.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const repeats = seen.get(base) ?? 0;
    seen.set(base, repeats + 1);
    anchors.add(repeats === 0 ? base : `${base}-${repeats}`);
  }
  return anchors;
}

const blank = (code: string) => code.replace(/[^\n]/g, ' ');

/** The text with fenced code blocks blanked out (same length, same lines). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^ {0,3}(```|~~~)[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, blank);
}

/** The text with `inline code` blanked out: an example of a link is not a link. */
function withoutInlineCode(markdown: string): string {
  return markdown.replace(/`[^`\n]+`/g, blank);
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Every folder that holds at least one of `paths`, the root excluded. */
export function directoriesOf(paths: Iterable<string>): Set<string> {
  const directories = new Set<string>();
  for (const file of paths) {
    for (let dir = path.posix.dirname(file); dir !== '.' && !directories.has(dir); dir = path.posix.dirname(dir)) directories.add(dir);
  }
  return directories;
}
