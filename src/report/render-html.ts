/** Renders a briefing as one self-contained HTML page (inline CSS and SVG, print-ready for A4). */
import type { BriefingData } from './briefing-data.ts';
import { briefingSections, type Rich, type Section } from './briefing-sections.ts';
import { esc } from './format.ts';
import { renderMonthlyChart, renderWeeklyChart } from './monthly-chart.ts';
import { renderMap } from './static-map.ts';

// The page is laid out for A4 and a desktop screen. What only paging needs is under print; what a
// phone needs (the dashboard's preview frame is about 350 px wide at 390) is under a narrow screen,
// so the printed and PDF layout never sees it: an 8-column table ran to 476 px of 349 there.
const CSS = `
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5px; color: #1a1a1a; max-width: 760px; margin: 0 auto; padding: 12px; line-height: 1.4; }
h1 { font-size: 20px; margin: 0 0 2px; }
h2 { font-size: 14px; margin: 18px 0 6px; border-bottom: 1px solid #ccc; padding-bottom: 2px; }
.sub { color: #444; margin: 0 0 8px; }
.meta { color: #666; font-size: 9px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid #d0d0d0; padding: 2px 4px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
figure { margin: 6px 0; }
svg { max-width: 100%; height: auto; }
code { font-size: 9px; word-break: break-all; }
ul { margin: 2px 0 6px 16px; padding: 0; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  h2 { break-after: avoid; }
  table { break-inside: auto; }
  tr { break-inside: avoid; }
  figure { break-inside: avoid; }
}
@media screen and (max-width: 40rem) {
  body { padding: 8px; overflow-wrap: anywhere; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table, tbody, tr, td { display: block; }
  tr { border-top: 1px solid #d0d0d0; padding: 3px 0; }
  tr:last-child { border-bottom: 1px solid #d0d0d0; }
  td { border: none; padding: 1px 0; display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 6px; }
  td::before { content: attr(data-label); color: #555; font-weight: bold; }
}
`;

/** Running text as HTML: text escaped, each link an anchor to its address. */
function richHtml(r: Rich): string {
  if (typeof r === 'string') return esc(r);
  return r
    .map((p) => (typeof p === 'string' ? esc(p) : `<a href="${esc(p.href)}">${esc(p.text)}</a>`))
    .join('');
}

function sectionHtml(s: Section, d: BriefingData): string {
  const parts = [`<section id="${s.id}">`, `<h2>${esc(s.title)}</h2>`];
  for (const p of s.paragraphs) parts.push(`<p>${richHtml(p)}</p>`);
  if (s.figure === 'monthly') parts.push(`<figure>${renderMonthlyChart(d.monthly.points)}</figure>`);
  if (s.figure === 'weekly' && d.weekly) parts.push(`<figure>${renderWeeklyChart(d.weekly.points)}</figure>`);
  if (s.table && s.table.rows.length) {
    parts.push(
      '<table>',
      `<thead><tr>${s.table.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
    );
    // Each cell names its column: on a phone a row is a block of labelled lines, not a wide row.
    const labels = s.table.columns.map((c) => ` data-label="${esc(c)}"`);
    for (const r of s.table.rows)
      parts.push(`<tr>${r.map((c, i) => `<td${labels[i] ?? ''}>${esc(c)}</td>`).join('')}</tr>`);
    parts.push('</tbody>', '</table>');
  }
  if (s.figure === 'map') parts.push(`<figure>${renderMap(d.map)}</figure>`);
  if (s.bullets.length)
    parts.push(
      '<ul>',
      ...s.bullets.map(
        (b) =>
          `<li>${typeof b === 'string' && b.startsWith('Inputs: ') ? `Inputs: <code>${esc(b.slice(8))}</code>` : richHtml(b)}</li>`,
      ),
      '</ul>',
    );
  parts.push('</section>');
  return parts.join('\n');
}

/** The briefing as a standalone HTML document. */
export function renderHtml(d: BriefingData): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${esc(d.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${esc(d.title)}</h1>`,
    `<p class="sub">${esc(d.subtitle)}</p>`,
    `<p class="meta">Briefing ${esc(d.id)} · generated ${esc(d.generated_at)} by faultline · reproducibility id ${esc(d.sources.reproducibility_id)}</p>`,
    ...briefingSections(d).map((s) => sectionHtml(s, d)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
