/** Renders a briefing as Markdown; the chart and map are separate SVG files it links to. */
import type { BriefingData } from './briefing-data.ts';
import { briefingSections } from './briefing-sections.ts';
import { cell } from './format.ts';

/** Where the Markdown finds the SVG figures (relative paths). */
export interface MarkdownFigures {
  monthly: string;
  map: string;
}

/** The briefing as Markdown, linking the chart and map SVGs (default monthly.svg and map.svg beside it). */
export function renderMarkdown(
  d: BriefingData,
  figures: MarkdownFigures = { monthly: 'monthly.svg', map: 'map.svg' },
): string {
  const lines: string[] = [
    `# ${d.title}`,
    '',
    d.subtitle,
    '',
    `Briefing ${d.id} · generated ${d.generatedAt} by faultline · reproducibility id \`${d.sources.reproducibilityId}\``,
    '',
  ];
  for (const s of briefingSections(d)) {
    lines.push(`## ${s.title}`, '');
    for (const p of s.paragraphs) lines.push(p, '');
    if (s.figure === 'monthly') lines.push(`![Events and deaths per month](${figures.monthly})`, '');
    if (s.table && s.table.rows.length) {
      lines.push(
        `| ${s.table.columns.map(cell).join(' | ')} |`,
        `|${s.table.columns.map(() => ' --- ').join('|')}|`,
      );
      for (const r of s.table.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
      lines.push('');
    }
    if (s.figure === 'map') lines.push(`![Map of events](${figures.map})`, '');
    for (const b of s.bullets)
      lines.push(b.startsWith('Inputs: ') ? `- Inputs: \`${b.slice(8)}\`` : `- ${b}`);
    if (s.bullets.length) lines.push('');
  }
  return lines.join('\n');
}
