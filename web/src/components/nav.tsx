/** The view navigation: links that keep the filter, the current view marked. */
import { t } from '../i18n/t.ts';
import { VIEWS, setState, viewHref, type ViewId } from '../state/url-state.ts';

/** The navigation bar. */
export function Nav({ view }: { view: ViewId }) {
  return (
    <nav class="nav" aria-label={t('nav.label')}>
      <ul>
        {VIEWS.map((v) => (
          <li key={v}>
            <a
              href={viewHref(v)}
              data-testid={`nav-${v}`}
              aria-current={v === view ? 'page' : undefined}
              onClick={(e) => {
                if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                setState({ view: v, options: {} });
                document.getElementById('main')?.focus({ preventScroll: true });
              }}
            >
              {t(`nav.${v}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
