/** Renders a briefing as Markdown; the chart and map are separate SVG files it links to. */
import type { BriefingData } from './briefing-data.ts';
import { briefingSections, type Rich } from './briefing-sections.ts';
import { cell } from './format.ts';

/** Where the Markdown finds the SVG figures (relative paths). */
export interface MarkdownFigures {
  monthly: string;
  /** The week-by-week chart of a week's briefing. */
  weekly: string;
  map: string;
}

/** The briefing as Markdown, linking the chart and map SVGs (default monthly.svg, weekly.svg and map.svg beside it). */
export function renderMarkdown(
  d: BriefingData,
  figures: MarkdownFigures = { monthly: 'monthly.svg', weekly: 'weekly.svg', map: 'map.svg' },
): string {
  const lines: string[] = [
    `# ${md(d.title)}`,
    '',
    md(d.subtitle),
    '',
    `Briefing ${d.id} · generated ${d.generated_at} by faultline · reproducibility id \`${d.sources.reproducibility_id}\``,
    '',
  ];
  for (const s of briefingSections(d)) {
    lines.push(`## ${md(s.title)}`, '');
    for (const p of s.paragraphs) lines.push(richMd(p), '');
    if (s.figure === 'monthly') lines.push(`![Events and deaths per month](${figures.monthly})`, '');
    if (s.figure === 'weekly') lines.push(`![Events and deaths per week](${figures.weekly})`, '');
    if (s.table && s.table.rows.length) {
      lines.push(
        `| ${s.table.columns.map(mdCell).join(' | ')} |`,
        `|${s.table.columns.map(() => ' --- ').join('|')}|`,
      );
      for (const r of s.table.rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
      lines.push('');
    }
    if (s.figure === 'map') lines.push(`![Map of events](${figures.map})`, '');
    for (const b of s.bullets)
      lines.push(
        typeof b === 'string' && b.startsWith('Inputs: ')
          ? `- Inputs: ${code(jsonText(b.slice(8)))}`
          : `- ${richMd(b)}`,
      );
    if (s.bullets.length) lines.push('');
  }
  return lines.join('\n');
}

/**
 * Text from the data (place and actor names, filter values) as Markdown text: HTML's special
 * characters as entities, so a name such as `<script>` is shown, never run, where Markdown is
 * turned into HTML.
 */
function md(text: string): string {
  // A lone `&` shows as itself; only one that would start an entity (`&lt;`) is escaped.
  return text
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const mdCell = (text: string) => cell(md(text));

/** A character as its percent escape (`(` as %28): encodeURIComponent leaves brackets as they are. */
const percent = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Running text as Markdown: text as `md` gives it, each link `[text](address)`, the address's
 * brackets, angle brackets and spaces percent-escaped so none ends it early, and `[`, `]` and `\`
 * in the text escaped.
 */
function richMd(r: Rich): string {
  if (typeof r === 'string') return md(r);
  return r
    .map((p) =>
      typeof p === 'string'
        ? md(p)
        : `[${md(p.text).replace(/[[\]\\]/g, (c) => `\\${c}`)}](${p.href.replace(/[()<>\s]/g, percent)})`,
    )
    .join('');
}

/** JSON text with `<` and `>` as \\u escapes: the same JSON, and no tag even where a renderer mishandles code spans. */
const jsonText = (json: string) => json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e');

/** A code span that no backtick in the text can end early (CommonMark: a longer fence). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${text}${longest ? ' ' : ''}${fence}`;
}
