/** A placeholder for views later releases add (Claims, Briefings, Forecasts). */
import { t } from '../i18n/t.ts';

/** "<View> is coming". */
export function Coming({ name }: { name: string }) {
  return (
    <section class="card">
      <h2>{t('coming.title', { view: name })}</h2>
      <p>{t('coming.body')}</p>
    </section>
  );
}
