// test-run: alone, about 65 s (Chromium)
/**
 * The dashboard in a real Chromium (Debian's, driven by playwright-core) against the real API, in
 * four parts, each with its own pages, all in one test process and one browser: each Chromium file
 * started its own process, browser, server and store copy, some 7 s of CPU before its first test on
 * the 2-core test machine (2026-12-07), and the four parts were four files. The parts that only
 * read the bundled data share one server over it; a part (or section) that writes to its store or
 * adds to it has its own. Each part is a module of test/e2e/dashboard/ (its own describe, hooks and
 * helpers); this entry loads them in order, and test/e2e/dashboard/browser.ts holds the browser and
 * server they share.
 */
import './dashboard/browser.ts';
import './dashboard/overview.ts';
import './dashboard/views-and-audits.ts';
import './dashboard/daily-desk-alerts.ts';
import './dashboard/border.ts';
