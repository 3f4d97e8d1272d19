/**
 * Examples for the `--help` of the commands whose registration gives none of its own, so that every
 * command shows a newcomer at least one line to copy (src/cli/help-examples.test.ts checks that each
 * has one and that its flags are the command's). A command that writes its own `Examples:` keeps them.
 */
import type { Command } from 'commander';
import type { EventEmitter } from 'node:events';

/** Example lines by command path (`alerts rules add`), each a whole command with a comment where it helps. */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  start: [
    'faultline start --no-serve                # import the bundled data once, summarise, stop',
    'faultline start --port 9000               # the same, then serve the API and dashboard',
    'faultline start --no-serve --format json  # the summary for a script',
  ],
  sources: [
    'faultline sources',
    'faultline sources --part coverage',
    'faultline sources --format csv > ledger.csv',
  ],
  gaps: [
    'faultline gaps --from 2025-08-07 --to 2025-08-08',
    'faultline gaps --kind download,checksum --format json',
    'faultline gaps --kind import --format csv > gaps.csv',
  ],
  rejections: [
    'faultline rejections 1                    # import ids: faultline sources',
    'faultline rejections 1 --warnings --format csv > warnings.csv',
    'faultline rejections 1 --limit 100 --offset 100',
  ],
  network: [
    'faultline network --country PAK --from 2021 --to 2021 --limit 10',
    'faultline network --actor TTP --sort events --format csv > ttp-dyads.csv',
  ],
  deadliest: [
    'faultline deadliest --country PAK --from 2021 --to 2021',
    'faultline deadliest --actor TTP --limit 20 --format csv > ttp-deadliest.csv',
  ],
  disagreements: [
    'faultline disagreements --country PAK --from 2026-01 --to 2026-03',
    'faultline disagreements --country PAK --from 2026 --to 2026 --differ deaths --limit 20',
    'faultline disagreements --country PAK --from 2026 --to 2026 --only-in ucdp-candidate',
  ],
  keys: [
    'KEY=$(faultline keys create --role analyst --name "desk team")',
    'faultline keys list',
    'faultline keys revoke 68812d0730b0',
  ],
  'keys create': [
    'KEY=$(faultline keys create --role analyst --name "desk team")   # the key alone, shown once',
    'faultline keys create --role viewer --name dashboard --format json',
  ],
  'keys list': ['faultline keys list', 'faultline keys list --format json'],
  'keys revoke': ['faultline keys revoke 68812d0730b0   # the id keys list shows, not the key'],
  fetch: [
    'UCDP_TOKEN=... faultline fetch ucdp --version 25.1 --country PAK,AFG',
    'faultline fetch acled --country Pakistan --from 2024-01-01 --to 2024-12-31',
    'faultline fetch gdelt --from 2023-09-01 --to 2023-09-30 --countries PAK,AFG,IND',
  ],
  'fetch ucdp': [
    'UCDP_TOKEN=... faultline fetch ucdp --version 25.1 --country PAK,AFG',
    'faultline fetch ucdp --version 26.0.7 --dataset candidate --country PAK --format json',
  ],
  'fetch acled': [
    'ACLED_USERNAME=you@example.org ACLED_PASSWORD=... faultline fetch acled --from 2024-01-01 --to 2024-12-31',
    'faultline fetch acled --country Afghanistan --from 2025-01-01 --to 2025-06-30 --format json',
  ],
  forecast: [
    'faultline forecast --country PAK',
    'faultline forecast --country AFG --level country --metric events --format csv > afg-events.csv',
    'faultline forecast --country PAK --actor-groups all --relations',
    'faultline forecast backtest --level country',
  ],
  'forecast score': [
    'faultline forecast score draws.csv                 # one JSON line',
    'faultline forecast score draws.csv --format table  # with the PIT histogram',
  ],
  'forecast backtest': [
    'faultline forecast backtest --level country',
    'faultline forecast backtest --country PAK --level country --metric events --format json',
  ],
  'alerts rules': [
    'faultline alerts rules add --kind surge --admin1 PK-BA',
    'faultline alerts rules list --all',
    'faultline alerts rules remove 3',
  ],
  'alerts rules add': [
    'faultline alerts rules add --kind surge --admin1 PK-BA --webhook-url https://example.org/hook',
    'faultline alerts rules add --kind border --interstate --max-border-km 25',
    'faultline alerts rules add --kind desk_review --hours 12',
  ],
  'alerts rules list': ['faultline alerts rules list', 'faultline alerts rules list --all --format csv'],
  'alerts rules remove': ['faultline alerts rules remove 3   # rule ids: faultline alerts rules list'],
  'alerts list': [
    'faultline alerts list --state fired',
    'faultline alerts list --rule 3 --limit 20 --format json',
  ],
  'alerts evaluate': [
    'faultline alerts evaluate   # exit 5 when a webhook delivery failed for good',
    'faultline alerts evaluate --format json',
  ],
  'alerts deliveries': [
    'faultline alerts deliveries --status failed',
    'faultline alerts deliveries --alert 12',
  ],
  'alerts deliveries resend': [
    'faultline alerts deliveries resend 7   # delivery ids: faultline alerts deliveries --status failed',
    'faultline alerts deliveries resend 7 --format json',
  ],
  claims: [
    'faultline claims check examples/claims/ttp-essay.yaml',
    'faultline claims extract essay.txt > drafts.yaml',
    'faultline claims schema > claim-spec.schema.json',
  ],
  'claims check': [
    'faultline claims check examples/claims/ttp-essay.yaml',
    'faultline claims check examples/claims/ttp-essay.yaml --format json > verdicts.json',
    'cat claims.yaml | faultline claims check -',
  ],
  'claims schema': ['faultline claims schema > claim-spec.schema.json'],
  geo: [
    'faultline geo summary',
    'faultline geo unplaced',
    'faultline geo disagreements --country PAK --level admin2',
    'faultline place "D.I. Khan"',
  ],
  'geo disagreements': [
    'faultline geo disagreements --country PAK',
    'faultline geo disagreements --method border_snap,other_country --format json',
    'faultline geo disagreements --method disagree --limit 10000 --format csv > disagree.csv',
    'faultline geo disagreements --from 2025 --source ucdp-candidate',
    'faultline geo disagreements --country PAK --level admin2 --format json',
    'faultline geo disagreements --level admin2 --from 2021 --to 2021',
  ],
  'geo unplaced': [
    'faultline geo unplaced',
    'faultline geo unplaced --from 2021 --to 2021 --admin1 PK-KP',
    'faultline geo unplaced --format csv > unplaced.csv',
  ],
  'geo refresh': ['FAULTLINE_BORDER_ZONE_KM=30 faultline geo refresh', 'faultline geo refresh --format json'],
  'geo summary': ['faultline geo summary', 'faultline geo summary --format json'],
  boundaries: [
    'faultline boundaries import pak_adm2.geojson --country PAK --name-property ADM2_EN --code-property ADM2_PCODE',
    'faultline boundaries list',
  ],
  'boundaries import': [
    'faultline boundaries import geoBoundaries-PAK-ADM2.geojson --country PAK --code-property shapeID',
    'faultline boundaries import pak_adm2.geojson --country PAK --name-property ADM2_EN --code-property ADM2_PCODE',
  ],
  'boundaries list': ['faultline boundaries list', 'faultline boundaries list --format json'],
  news: [
    'faultline news extract https://news.example.org/news/1234567',
    'faultline news add article.html --url https://news.example.org/news/1234567 --published 2025-03-04 --outlet "Example News"',
    'faultline news watch https://news.example.org/feeds/home --once',
  ],
  'desk add': [
    'faultline desk add --date 2025-03-04 --country PAK --admin2 "North Waziristan" --type battle --killed 3 --cite-url https://news.example.org/news/1234567 --cite-outlet "Example News" --cite-published 2025-03-05 --cite-quote "Three soldiers were martyred" --key "$ANALYST_KEY"',
    'faultline desk add --json event.json --killed 4   # the fields of a JSON file (docs/desk.md), a flag overriding one',
  ],
  'desk edit': [
    'faultline desk edit 3 --killed 4 --killed-high 6',
    'faultline desk edit 3 --date ""   # clears the date',
  ],
  'desk submit': ['faultline desk submit 3 --key "$ANALYST_KEY"'],
  'desk verify': ['faultline desk verify 3 --key "$REVIEWER_KEY"'],
  'desk publish': ['faultline desk publish 3 --key "$ADMIN_KEY"'],
  'desk reject': ['faultline desk reject 3 --reason "the report names no place" --key "$REVIEWER_KEY"'],
  'desk retract': ['faultline desk retract 3 --reason "the outlet withdrew the report" --key "$ADMIN_KEY"'],
  'desk show': ['faultline desk show 3', 'faultline desk show 3 --format json'],
  'desk list': ['faultline desk list --state draft,submitted', 'faultline desk list --format csv > desk.csv'],
  'desk queue': ['faultline desk queue', 'faultline desk queue --format json'],
  'desk audit': ['faultline desk audit --event 3', 'faultline desk audit --format csv > audit.csv'],
};

/** Adds each command's examples of HELP_EXAMPLES under its --help (after the text it gives itself). */
export function addHelpExamples(program: Command): void {
  const walk = (cmd: Command, path: string[]): void => {
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
    const lines = HELP_EXAMPLES[path.join(' ')];
    if (!lines) return;
    // One blank line before the heading: Commander ends each text added after the help with a new
    // line, so a text of the command's own that ends in one already gives it.
    let own = '';
    // Commander's Command is an EventEmitter, which its types do not say.
    for (const listener of (cmd as unknown as EventEmitter).listeners('afterHelp'))
      (listener as (c: { error: boolean; command: Command; write: (t: string) => void }) => void)({
        error: false,
        command: cmd,
        write: (t) => void (own += t),
      });
    const gap = own.endsWith('\n\n') ? '' : '\n';
    cmd.addHelpText('after', `${gap}Examples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  };
  for (const sub of program.commands) walk(sub, [sub.name()]);
}
