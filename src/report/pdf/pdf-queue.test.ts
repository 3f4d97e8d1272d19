// test-run: alone, about 3 s (Chromium)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_PDF_PAGES, pdfQueueStats, renderPdf } from './chromium-pdf.ts';

describe('the PDF queue', () => {
  it('concurrent renders share one browser, print a few pages at a time, and all finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-pdf-'));
    try {
      const before = pdfQueueStats().launches;
      const paths = Array.from({ length: 4 }, (_, i) => join(dir, `b${i}.pdf`));
      await Promise.all(paths.map((p, i) => renderPdf(`<h1>briefing ${i}</h1>`, p)));
      for (const p of paths) assert.equal(readFileSync(p).subarray(0, 5).toString(), '%PDF-');
      assert.equal(pdfQueueStats().launches - before, 1);
      assert.ok(pdfQueueStats().mostPages <= MAX_PDF_PAGES);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
