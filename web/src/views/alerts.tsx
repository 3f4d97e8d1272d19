/** Alerts: what the rules recorded (fired or suppressed, with the reason) and what is pending. */
import { apiUrl } from '../api/client.ts';
import type { AlertsAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { fmtInt } from '../format.ts';
import { t } from '../i18n/t.ts';

/** The Alerts view. */
export function AlertsView() {
  const r = useApi<AlertsAnswer>(apiUrl('/alerts'));
  if (r.error) return <ErrorBox error={r.error} />;
  if (!r.data) return <Loading />;
  const { alerts, conditions, total } = r.data;
  const pending = conditions.filter((c) => c.state === 'pending');
  return (
    <div class="stack">
      <section class="card" aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t('alerts.title')}</h2>
        <p class="muted small">{t('alerts.intro')}</p>
        {alerts.length === 0 ? (
          <p data-testid="alerts-empty">{t('alerts.none')}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table" data-testid="alerts">
              <thead>
                <tr>
                  <th scope="col">{t('alerts.col.state')}</th>
                  <th scope="col">{t('alerts.col.at')}</th>
                  <th scope="col">{t('alerts.col.rule')}</th>
                  <th scope="col">{t('alerts.col.title')}</th>
                  <th scope="col" class="num">
                    {t('alerts.col.seen')}
                  </th>
                  <th scope="col">{t('alerts.col.cleared')}</th>
                </tr>
              </thead>
              <tbody>
                {alerts.map((a) => (
                  <tr key={a.id} data-state={a.state}>
                    <td>{t(`alerts.state.${a.state}`)}</td>
                    <td>{a.at.slice(0, 16).replace('T', ' ')}</td>
                    <td>{a.rule_name ?? a.rule_id}</td>
                    <td>
                      {a.title}
                      {a.reason && <div class="muted small">{a.reason}</div>}
                    </td>
                    <td class="num">{fmtInt(a.seen)}</td>
                    <td>
                      {a.cleared_at ? a.cleared_at.slice(0, 16).replace('T', ' ') : t('alerts.holding')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {total > alerts.length && (
          <p class="muted small">{t('alerts.more', { shown: alerts.length, total })}</p>
        )}
      </section>
      <section class="card" aria-labelledby="alerts-pending">
        <h2 id="alerts-pending">{t('alerts.pending')}</h2>
        {pending.length === 0 ? (
          <p>{t('alerts.pendingNone')}</p>
        ) : (
          <ul data-testid="alerts-pending">
            {pending.map((c) => (
              <li key={`${c.rule_id} ${c.key}`}>
                {c.title} ({t('alerts.col.evaluations')}: {c.evaluations})
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
