/** The filter form: every control writes straight to the URL, so the view and any shared link agree. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t, tMaybe } from '../i18n/t.ts';
import {
  COMMON_TYPES,
  countryOptions,
  unitLabel,
  useDistricts,
  useSources,
  useUnits,
} from '../state/catalog.ts';
import { boundDay, periodWords, yearBeingTyped } from '../state/date-bounds.ts';
import { FILTER_KEYS, setFilters, type FilterKey, type Filters } from '../state/url-state.ts';

/** The border zone width the build drew (the API's default). */
export const BORDER_ZONE_KM = 50;

/** A labelled control; `long` for a list whose options need two columns to show whole (province names, types). */
function Field({
  id,
  label,
  long = false,
  children,
}: {
  id: string;
  label: string;
  long?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={long ? 'field field-long' : 'field'}>
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

/** A text input that commits on Enter or when it loses focus (not on every key). */
function TextFilter({
  name,
  value,
  hint,
  help,
  list,
  onFocus,
}: {
  name: FilterKey;
  value: string | undefined;
  /** A placeholder short enough to show whole in the narrowest field (a 375 px phone's). */
  hint: string;
  /** The longer explanation, as the field's tooltip. */
  help?: string;
  list?: string;
  onFocus?: () => void;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const commit = () => text.trim() !== (value ?? '') && setFilters({ [name]: text.trim() || undefined });
  return (
    <input
      id={`f-${name}`}
      name={name}
      type="search"
      value={text}
      placeholder={hint}
      title={help}
      list={list}
      autocomplete="off"
      onInput={(e) => setText(e.currentTarget.value)}
      onFocus={onFocus}
      onChange={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

/** The district field: suggestions of the bundled districts of the chosen country and province, loaded on first use. */
function DistrictFilter({ filters }: { filters: Filters }) {
  const [wanted, setWanted] = useState(false);
  const districts = useDistricts(wanted);
  const countries = filters.country?.split(',');
  const shown = (districts.data ?? []).filter(
    (d) =>
      (!countries || countries.includes(d.country)) && (!filters.admin1 || d.admin1_code === filters.admin1),
  );
  return (
    <>
      <TextFilter
        name="admin2"
        value={filters.admin2}
        hint={t('filters.districtHint')}
        list="district-options"
        onFocus={() => setWanted(true)}
      />
      <datalist id="district-options">
        {shown.map((d) => (
          <option key={`${d.country}:${d.name}`} value={d.name} data-admin1={d.admin1_code ?? ''}>
            {d.admin1_code ?? d.country}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** The filter bar over every view. */
export function FilterBar({
  filters,
  actorOptions,
}: {
  filters: Filters;
  actorOptions: readonly { id: string; label: string }[];
}) {
  const units = useUnits();
  const sources = useSources();
  const [open, setOpen] = useState(() => matchMedia('(min-width: 48rem)').matches);
  const active = FILTER_KEYS.filter((k) => filters[k]).length;
  // The dates in ISO, beside the title: the date fields show the browser's order (mm/dd/yyyy under
  // Chromium's default locale), and a folded bar (on a phone) showed none.
  const period = periodWords(filters.from, filters.to);
  const set = (k: FilterKey) => (e: Event) =>
    setFilters({ [k]: (e.currentTarget as HTMLSelectElement | HTMLInputElement).value || undefined });
  // A date typed from the keyboard changes the field with each digit of its year (0002-03-02,
  // 0020-…, 0202-…, 2021-…): each wrote the URL, a history entry and a query over all data. A year
  // before 1000 is one still being typed, and waits for its last digit.
  const setDate = (k: 'from' | 'to') => (e: Event) => {
    if (!yearBeingTyped((e.currentTarget as HTMLInputElement).value)) set(k)(e);
  };
  const provinces = (units.data ?? []).filter(
    (u) => !filters.country || filters.country.split(',').includes(u.country),
  );
  const sourceIds = [...new Set((sources.data?.coverage ?? []).map((c) => c.source))];
  return (
    <details
      class="filter-bar"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        {t('filters.title')} {active > 0 && <span class="badge">{t('filters.active', { n: active })}</span>}
        {period && (
          <span class="filter-period" data-testid="filter-period">
            {period}
          </span>
        )}
      </summary>
      <form
        class="filters"
        role="search"
        aria-label={t('filters.title')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field id="f-from" label={t('filters.from')}>
          <input
            id="f-from"
            name="from"
            type="date"
            value={boundDay(filters.from, 'from')}
            onChange={setDate('from')}
          />
        </Field>
        <Field id="f-to" label={t('filters.to')}>
          <input
            id="f-to"
            name="to"
            type="date"
            value={boundDay(filters.to, 'to')}
            onChange={setDate('to')}
          />
        </Field>
        <Field id="f-country" label={t('filters.country')}>
          <select
            id="f-country"
            name="country"
            value={filters.country ?? ''}
            onChange={(e) =>
              setFilters({
                country: e.currentTarget.value || undefined,
                admin1: undefined,
                admin2: undefined,
              })
            }
          >
            <option value="">{t('filters.all')}</option>
            {countryOptions(sources.data?.coverage ?? [], filters.country).map((c) => (
              <option key={c} value={c}>
                {tMaybe(`country.${c}`, c)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-admin1" long label={t('filters.admin1')}>
          <select
            id="f-admin1"
            name="admin1"
            value={filters.admin1 ?? ''}
            onChange={(e) => setFilters({ admin1: e.currentTarget.value || undefined, admin2: undefined })}
          >
            <option value="">{t('filters.all')}</option>
            {filters.admin1 && !provinces.some((u) => u.code === filters.admin1) && (
              <option value={filters.admin1}>{filters.admin1}</option>
            )}
            {provinces.map((u) => (
              <option key={u.code} value={u.code}>
                {unitLabel(u)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-admin2" label={t('filters.admin2')}>
          <DistrictFilter filters={filters} />
        </Field>
        <Field id="f-actor" label={t('filters.actor')}>
          <TextFilter
            name="actor"
            value={filters.actor}
            hint={t('filters.actorHint')}
            help={t('filters.actorHelp')}
            list="actor-options"
          />
          <datalist id="actor-options">
            {actorOptions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </datalist>
        </Field>
        <Field id="f-dyad" label={t('filters.dyad')}>
          <TextFilter
            name="dyad"
            value={filters.dyad}
            hint={t('filters.dyadHint')}
            help={t('filters.dyadHelp')}
          />
        </Field>
        <Field id="f-type" long label={t('filters.type')}>
          <select id="f-type" name="type" value={filters.type ?? ''} onChange={set('type')}>
            <option value="">{t('filters.all')}</option>
            {filters.type && !(COMMON_TYPES as readonly string[]).includes(filters.type) && (
              <option value={filters.type}>{filters.type}</option>
            )}
            {COMMON_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {tMaybe(`type.${ty}`, ty)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-source" label={t('filters.source')}>
          <select id="f-source" name="source" value={filters.source ?? ''} onChange={set('source')}>
            <option value="">{t('filters.all')}</option>
            {filters.source && !sourceIds.includes(filters.source) && (
              <option value={filters.source}>{filters.source}</option>
            )}
            {sourceIds.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-border_zone" label={t('filters.border_zone')}>
          <select
            id="f-border_zone"
            name="border_zone"
            value={filters.border_zone ?? ''}
            onChange={set('border_zone')}
          >
            <option value="">{t('filters.any')}</option>
            <option value="true">{t('filters.inside', { km: BORDER_ZONE_KM })}</option>
            <option value="false">{t('filters.outside')}</option>
          </select>
        </Field>
        <Field id="f-include_desk" long label={t('filters.include_desk')}>
          <select
            id="f-include_desk"
            name="include_desk"
            value={filters.include_desk ?? ''}
            onChange={set('include_desk')}
          >
            <option value="">{t('filters.deskOut')}</option>
            <option value="true">{t('filters.deskIn')}</option>
          </select>
        </Field>
        <div class="field field-actions">
          <button
            type="button"
            class="button-secondary"
            disabled={active === 0}
            onClick={() => setFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))}
          >
            {t('filters.reset')}
          </button>
        </div>
      </form>
    </details>
  );
}
