/**
 * Claims: the bundled example claim file (ttp-essay) checked against the loaded data by
 * `GET /api/v1/claims/examples/ttp-essay`, one card per claim with its verdict, explanation and
 * evidence (with its notes: what the figure leaves out or covers in part; a figure over another
 * period with the bound it gives and why, the API's `bound.why`; the figures over other periods
 * that give no bound under one line that counts them, each whole behind it; a deduplicated figure's
 * with the stored linkage runs it counted with); and a text box
 * where an analyst pastes a claim file (YAML or JSON) to check it with `POST /api/v1/claims/check`,
 * kept in the tab's sessionStorage across a reload (checked again only when asked).
 */
import { useState } from 'preact/hooks';
import { apiUrl, postText } from '../api/client.ts';
import type { ClaimEvidence, ClaimResult, ClaimsAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { t } from '../i18n/t.ts';
import { useSessionText } from '../state/session-text.ts';
import { boundText, splitEvidence, valueText } from './claim-evidence.ts';
import { storedRuns } from './linkage-basis.ts';

const EXAMPLE = 'ttp-essay';
/** The sessionStorage keys of the claim file box and the text box. */
const KEPT_FILE = 'faultline-claim-file';
const KEPT_PROSE = 'faultline-claim-prose';

const PLACEHOLDER = `claims:
  - id: kp-deaths-2021
    text: More than 500 people were killed in Khyber Pakhtunkhwa in 2021.
    metric: deaths
    geography: { country: PAK, admin1: Khyber Pakhtunkhwa }
    period: '2021'
    comparator: { kind: more_than, value: 500 }`;

const range = (p: { from: string; to: string } | null) => (p ? `${p.from} – ${p.to}` : '—');

function EvidenceItem({ e }: { e: ClaimEvidence }) {
  return (
    <li class="evidence">
      <p>
        <strong>{e.source}</strong>
        {e.report ? ` · ${e.report}` : ''} · {t('claims.version', { version: e.version })}{' '}
        <span class={`badge outcome-${e.outcome}`}>{t(`claims.outcome.${e.outcome}`)}</span>
        {e.role === 'context' && <span class="badge">{t('claims.context')}</span>}
      </p>
      <dl class="evidence-fields">
        <dt>{t('claims.ev.measure')}</dt>
        <dd>{e.measure}</dd>
        {e.definition && (
          <>
            <dt>{t('claims.ev.definition')}</dt>
            <dd>{e.definition}</dd>
          </>
        )}
        <dt>{t('claims.ev.value')}</dt>
        <dd data-testid="claim-value">{valueText(e)}</dd>
        {e.bound && (
          <>
            <dt>{t('claims.ev.bound')}</dt>
            <dd data-testid="claim-bound">{boundText(e)}</dd>
          </>
        )}
        <dt>{t('claims.ev.period')}</dt>
        <dd>
          {range(e.period)}
          {e.baseline && ` (${t('claims.ev.baseline', { range: range(e.baseline) })})`}
        </dd>
        <dt>{t('claims.ev.reason')}</dt>
        <dd>{e.reason}</dd>
        {e.notes.length > 0 && (
          <>
            <dt>{t('claims.ev.notes')}</dt>
            <dd>
              <ul class="evidence-notes" data-testid="claim-notes">
                {e.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {e.linkage && (
          <>
            <dt>{t('claims.ev.links')}</dt>
            <dd data-testid="claim-linkage">
              {e.linkage.basis === 'stored'
                ? t('claims.ev.linksStored', { runs: storedRuns(e.linkage) })
                : t('claims.ev.linksComputed')}
              {e.linkage.relinked ? ` ${t('claims.ev.relinked')}` : ''}
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

function ClaimCard({ r }: { r: ClaimResult }) {
  const { shown, noBound, summary } = splitEvidence(r.evidence);
  return (
    <li class="card claim" data-testid="claim" data-claim-id={r.id}>
      <p class="claim-text">
        <span
          class={`badge verdict verdict-${r.verdict}`}
          data-testid="claim-verdict"
          data-verdict={r.verdict}
          title={t(`claims.verdict.${r.verdict}`)}
        >
          {/* In words ("partly supported"); the API's token stays in data-verdict for tests and scripts. */}
          {t(`claims.verdictWord.${r.verdict}`)}
        </span>{' '}
        {r.text}
      </p>
      <p class="small">{r.explanation}</p>
      {r.accepts && <p class="muted small">{t('claims.accepts', { accepts: r.accepts })}</p>}
      <details>
        <summary>{t('claims.evidence', { n: r.evidence.length })}</summary>
        <ul class="evidence-list">
          {shown.map((e, i) => (
            <EvidenceItem key={i} e={e} />
          ))}
        </ul>
        {noBound.length > 0 && (
          <details class="no-bound" data-testid="claim-no-bound" data-count={noBound.length}>
            <summary>{summary}</summary>
            <ul class="evidence-list">
              {noBound.map((e, i) => (
                <EvidenceItem key={i} e={e} />
              ))}
            </ul>
          </details>
        )}
      </details>
    </li>
  );
}

function ClaimList({ results, testid }: { results: ClaimResult[]; testid: string }) {
  return (
    <ol class="claim-list" data-testid={testid}>
      {results.map((r) => (
        <ClaimCard key={r.id} r={r} />
      ))}
    </ol>
  );
}

/** A labelled text box with its hint under the label (`code`: a claim file, not prose). */
function TextBox(p: {
  id: string;
  label: string;
  hint: string;
  rows: number;
  value: string;
  onInput: (v: string) => void;
  code?: boolean;
}) {
  return (
    <>
      <label for={p.id}>{p.label}</label>
      <p class="muted small" id={`${p.id}-hint`}>
        {p.hint}
      </p>
      <textarea
        id={p.id}
        name={p.id}
        rows={p.rows}
        spellcheck={p.code ? false : undefined}
        placeholder={p.code ? PLACEHOLDER : undefined}
        aria-describedby={`${p.id}-hint`}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
    </>
  );
}

/** What POST /claims/extract answers (the CLI's `claims extract --format json`). */
interface DraftsAnswer {
  claims: unknown[];
  skipped: unknown[];
  claim_file: string;
}

/** Paste a claim file, or draft one from prose; check it. */
function CheckForm() {
  // Kept for this tab: a reload does not lose a pasted file or text (state/session-text.ts says why not the URL).
  const [text, setText] = useSessionText(KEPT_FILE);
  const [prose, setProse] = useSessionText(KEPT_PROSE);
  const [drafted, setDrafted] = useState<DraftsAnswer | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The error's line, already worded: "Could not draft: ..." or "Could not check: ...".
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<ClaimResult[] | null>(null);
  const draft = async () => {
    if (!prose.trim()) return setError(t('claims.draftError', { message: t('claims.emptyText') }));
    setBusy(t('claims.drafting'));
    setError(null);
    try {
      const answer = await postText<DraftsAnswer>(apiUrl('/claims/extract'), prose, 'text/plain');
      setDrafted(answer);
      setText(answer.claim_file);
      setResults(null);
    } catch (err) {
      setError(t('claims.draftError', { message: (err as Error).message.split('\n')[0] ?? String(err) }));
    } finally {
      setBusy(null);
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return setError(t('claims.error', { message: t('claims.emptyFile') }));
    setBusy(t('claims.checking'));
    setError(null);
    try {
      const body = text.trim().startsWith('{') ? 'application/json' : 'application/yaml';
      const answer = await postText<ClaimsAnswer>(apiUrl('/claims/check'), text, body);
      setResults(answer.results);
    } catch (err) {
      setResults(null);
      setError(t('claims.error', { message: (err as Error).message.split('\n')[0] ?? String(err) }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="card" aria-labelledby="check-title">
      <h2 id="check-title">{t('claims.checkTitle')}</h2>
      <div class="claim-form">
        <TextBox
          id="claim-prose"
          label={t('claims.draftLabel')}
          hint={t('claims.draftHint')}
          rows={4}
          value={prose}
          onInput={setProse}
        />
        <div class="controls">
          <button
            type="button"
            class="button-secondary"
            disabled={busy !== null}
            data-testid="claims-draft"
            onClick={() => void draft()}
          >
            {t('claims.draft')}
          </button>
        </div>
        {drafted && (
          <p role="status" data-testid="claims-drafted" data-drafts={drafted.claims.length}>
            {t('claims.drafted', {
              drafts: t('claims.drafts', { n: drafted.claims.length }),
              skipped: t('claims.skipped', { n: drafted.skipped.length }),
            })}
          </p>
        )}
      </div>
      <form onSubmit={submit} class="claim-form">
        <TextBox
          id="claim-file"
          label={t('claims.fileLabel')}
          hint={t('claims.fileHint')}
          rows={10}
          value={text}
          onInput={setText}
          code
        />
        <div class="controls">
          <button type="submit" class="button-primary" disabled={busy !== null} data-testid="claims-check">
            {t('claims.check')}
          </button>
        </div>
      </form>
      {busy && <Loading label={busy} />}
      {error && (
        // The whole line, wrapped: cut to one line with an ellipsis, a phone showed "Could not check:
        // invalid claim file: cl…" and hid which field was wrong (a title shows on no touch screen).
        <p class="error-box" role="alert" data-testid="claims-error">
          {error}
        </p>
      )}
      {results && <ClaimList results={results} testid="claims-checked" />}
    </section>
  );
}

/** The Claims view. */
export function ClaimsView() {
  const r = useApi<ClaimsAnswer>(apiUrl(`/claims/examples/${EXAMPLE}`));
  return (
    <div class="stack">
      <section class="card" aria-labelledby="claims-title">
        <h2 id="claims-title">{t('claims.title')}</h2>
        <p class="muted small">{t('claims.intro')}</p>
        <p class="small">{t('claims.example', { file: r.data?.file.name ?? `${EXAMPLE}.yaml` })}</p>
        {r.error && <ErrorBox error={r.error} />}
        {!r.data && r.loading && <Loading label={t('claims.checking')} />}
      </section>
      {r.data && <ClaimList results={r.data.results} testid="claims-example" />}
      <CheckForm />
    </div>
  );
}
