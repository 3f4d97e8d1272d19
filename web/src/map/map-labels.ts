/**
 * Province names on the map as HTML labels (MapLibre has no fonts offline): one marker per
 * province at its label point, its short form where the full name is wider than the province, and
 * none that would overlap a label shown before it.
 */
import * as maplibregl from 'maplibre-gl';

/** A province's label: where it goes, its names, and the province's west and east edges. */
export interface ProvinceLabel {
  code: string;
  lon: number;
  lat: number;
  text: string;
  local: { text: string; lang: string } | null;
  /** The name a narrow province is labelled with when its full name is wider than it ("AJK"). */
  short: string | null;
  /** Longitudes of the province's west and east edges. */
  west: number;
  east: number;
  minor: boolean;
}

/**
 * Adds the labels to the map and keeps them readable as it moves; gives back a function that takes
 * them off again (the page's one map shows them in the Map view, not on the overview's small map).
 */
export function addLabels(map: maplibregl.Map, labels: ProvinceLabel[]): () => void {
  const els: HTMLElement[] = [];
  const markers: maplibregl.Marker[] = [];
  for (const l of labels) {
    const el = document.createElement('div');
    els.push(el);
    el.className = `map-label${l.minor ? ' minor' : ''}`;
    el.dataset.code = l.code;
    const full = document.createElement('span');
    full.className = 'full';
    full.textContent = l.text;
    if (l.local) {
      const s = document.createElement('span');
      s.lang = l.local.lang;
      s.dir = 'rtl';
      s.textContent = l.local.text;
      full.append(document.createElement('br'), s);
    }
    el.append(full);
    if (l.short) {
      const s = document.createElement('span');
      s.className = 'short';
      s.textContent = l.short;
      el.append(s);
    }
    el.setAttribute('aria-hidden', 'true');
    markers.push(new maplibregl.Marker({ element: el }).setLngLat([l.lon, l.lat]).addTo(map));
  }
  const toggle = () => map.getContainer().classList.toggle('zoomed-in', map.getZoom() >= 6);
  // "Azad Jammu and Kashmir" is some 140 px wide, its province a strip of 30 to 60 px at the
  // opening zooms: printed whole, the name lay over Khyber Pakhtunkhwa and Punjab, and a reader
  // could not tell which province it named. A name wider than its province gives way to the short
  // form a Pakistani reader knows (AJK, KP, GB) until a closer zoom has room for it.
  const shorten = () =>
    labels.forEach((l, i) => {
      const el = els[i]!;
      el.classList.remove('is-short');
      if (!l.short) return;
      const room = map.project([l.east, l.lat]).x - map.project([l.west, l.lat]).x;
      const width = el.getBoundingClientRect().width;
      if (width > room) el.classList.add('is-short');
    });
  // Markers are placed without collision checks: at the opening zoom Khyber Pakhtunkhwa, Azad
  // Jammu and Kashmir and Gilgit-Baltistan were printed over each other. Each label that would
  // overlap one shown before it (the provinces before the minor units, in the boundaries' order)
  // waits for a closer zoom.
  const declutter = () => {
    const shown: DOMRect[] = [];
    for (const el of [...els].sort((a, b) => Number(minor(a)) - Number(minor(b)))) {
      el.style.visibility = '';
      const r = el.getBoundingClientRect();
      if (!r.width) continue;
      const hit = shown.some(
        (s) => r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom,
      );
      if (hit) el.style.visibility = 'hidden';
      else shown.push(r);
    }
  };
  const minor = (el: HTMLElement) => el.classList.contains('minor');
  const update = () => {
    toggle();
    shorten();
    declutter();
  };
  map.on('moveend', update);
  map.on('resize', update);
  update();
  return () => {
    map.off('moveend', update);
    map.off('resize', update);
    for (const m of markers) m.remove();
    map.getContainer().classList.remove('zoomed-in');
  };
}
