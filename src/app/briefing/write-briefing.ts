/** Writes a briefing's files: HTML, Markdown, the SVG figures, the data as JSON and, optionally, the PDF. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BriefingData } from '../../report/briefing-data.ts';
import { renderMonthlyChart, renderWeeklyChart } from '../../report/monthly-chart.ts';
import { renderHtml } from '../../report/render-html.ts';
import { renderMarkdown } from '../../report/render-markdown.ts';
import { renderMap } from '../../report/static-map.ts';
import { makeDirs, removeDirs } from '../../util/make-dirs.ts';
import { cannotWrite } from './briefing-dir.ts';

/** The files written, by kind. */
export interface BriefingFiles {
  html: string;
  markdown: string;
  json: string;
  monthly: string;
  /** The week-by-week chart: a week's briefing only. */
  weekly: string | null;
  map: string;
  pdf: string | null;
}

/**
 * Writes the briefing into `dir` (created if missing), replacing the files of an earlier briefing
 * there. Every file is written beside its name (`briefing.html.<pid>.part`) and renamed onto it only
 * once all of them, the PDF too, are complete: a failure midway (Chromium missing, a full disk) left
 * the new HTML, Markdown and figures beside the earlier briefing's PDF, and a half-written file.
 * A briefing that fails removes the folders it made for `dir`, and nothing that was there before.
 */
export async function writeBriefing(
  data: BriefingData,
  dir: string,
  opts: { pdf?: boolean } = {},
): Promise<BriefingFiles> {
  const cannot = (e: unknown) => cannotWrite(dir, e);
  const made = await makeDirs(dir).catch(async (e: unknown) => {
    throw await cannot(e);
  });
  const files: BriefingFiles = {
    html: join(dir, 'briefing.html'),
    markdown: join(dir, 'briefing.md'),
    json: join(dir, 'briefing.json'),
    monthly: join(dir, 'monthly.svg'),
    weekly: data.weekly ? join(dir, 'weekly.svg') : null,
    map: join(dir, 'map.svg'),
    pdf: opts.pdf === false ? null : join(dir, 'briefing.pdf'),
  };
  const html = renderHtml(data);
  const texts: [string, string][] = [
    [files.html, html],
    [files.markdown, renderMarkdown(data)],
    [files.json, JSON.stringify(data, null, 2) + '\n'],
    [files.monthly, renderMonthlyChart(data.monthly.points) + '\n'],
    ...(files.weekly && data.weekly
      ? [[files.weekly, renderWeeklyChart(data.weekly.points) + '\n'] as [string, string]]
      : []),
    [files.map, renderMap(data.map) + '\n'],
  ];
  const part = (path: string) => `${path}.${process.pid}.part`;
  const names = [...texts.map(([path]) => path), ...(files.pdf ? [files.pdf] : [])];
  try {
    await Promise.all(texts.map(([path, text]) => writeFile(part(path), text))).catch(async (e: unknown) => {
      throw await cannot(e);
    });
    // Chromium's driver (playwright-core, about 0.5 s of CPU to load) only when a PDF is asked for.
    if (files.pdf) await (await import('../../report/pdf/chromium-pdf.ts')).renderPdf(html, part(files.pdf));
    for (const path of names)
      await rename(part(path), path).catch(async (e: unknown) => {
        throw await cannot(e);
      });
  } catch (e) {
    await Promise.all(names.map((path) => rm(part(path), { force: true })));
    // The folders this briefing made go too (a failed PDF left an empty --out behind); a folder
    // that was there before stays, as does one something else wrote into meanwhile.
    await removeDirs(made);
    throw e;
  }
  return files;
}
