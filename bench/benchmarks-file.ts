/**
 * BENCHMARKS.md is shared by every benchmark: each owns one `## Title` section and
 * rewrites only that one, so running one benchmark never erases another's results.
 */
export function replaceSection(document: string, title: string, body: string): string {
  const header = document.trim() ? document : '# Benchmarks\n\nEvery number here comes from a script in `bench/` and can be rerun; each section says how.\n';
  const heading = `## ${title}`;
  const start = header.indexOf(heading);
  if (start === -1) return `${header.trimEnd()}\n\n${heading}\n\n${body}\n`;
  const next = header.indexOf('\n## ', start + heading.length);
  return `${header.slice(0, start)}${heading}\n\n${body}\n${next === -1 ? '' : header.slice(next)}`;
}
