/** The view navigation: links that keep the filter, the current view marked. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/t.ts';
import { VIEWS, setState, viewHref, type ViewId } from '../state/url-state.ts';

/** How far the current view's link is kept from an edge the bar fades at, in pixels. */
const EDGE = 40;

/** Which ends of a scrolling list have links out of sight: `start`, `end`, `both` or ''. */
function hiddenEnds(ul: HTMLElement): string {
  const start = ul.scrollLeft > 1;
  const end = ul.scrollLeft + ul.clientWidth < ul.scrollWidth - 1;
  return start && end ? 'both' : start ? 'start' : end ? 'end' : '';
}

/**
 * The navigation bar. On a phone it is one scrolling row (13 views do not fit 375 px): it fades
 * out, with an arrow, at each end that has more views (`data-more`), and keeps the current view's
 * link in sight.
 */
export function Nav({ view }: { view: ViewId }) {
  const list = useRef<HTMLUListElement>(null);
  const [more, setMore] = useState('');
  useEffect(() => {
    const ul = list.current!;
    const update = () => setMore(hiddenEnds(ul));
    update();
    ul.addEventListener('scroll', update, { passive: true });
    const resized = new ResizeObserver(update);
    resized.observe(ul);
    // The links' widths change when the web font arrives; the list's own box does not.
    resized.observe(ul.lastElementChild!);
    return () => {
      ul.removeEventListener('scroll', update);
      resized.disconnect();
    };
  }, []);
  useEffect(() => {
    const ul = list.current!;
    const a = ul.querySelector('[aria-current=page]');
    if (!a || ul.scrollWidth <= ul.clientWidth) return;
    const link = a.getBoundingClientRect();
    const bar = ul.getBoundingClientRect();
    if (link.left < bar.left + EDGE) ul.scrollLeft -= bar.left + EDGE - link.left;
    else if (link.right > bar.right - EDGE) ul.scrollLeft += link.right - (bar.right - EDGE);
  }, [view]);
  return (
    <nav class="nav" aria-label={t('nav.label')} data-more={more}>
      <ul ref={list}>
        {VIEWS.map((v) => (
          <li key={v}>
            <a
              href={viewHref(v)}
              data-testid={`nav-${v}`}
              aria-current={v === view ? 'page' : undefined}
              data-label={t(`nav.${v}`)}
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
