import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Root of the bundled open data shipped in the repository (data/). */
export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** The bundled dataset files `faultline start` imports on first run, in order. */
export const BUNDLED_FILES: readonly string[] = [
  join(DATA_DIR, 'ucdp-ged/conflict_data_pak.csv'),
  join(DATA_DIR, 'ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv'),
  join(DATA_DIR, 'ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv'),
  join(DATA_DIR, 'published-statistics/pakistan_security_reports.csv'),
  // Published returns and deportations of Afghans (IOM, UNHCR, OCHA...), each with its page and quote.
  join(DATA_DIR, 'afghan-returns/afghan_returns_published.csv'),
  // A third party's GDELT-derived daily dyad index (GPL-3.0, its licence beside it): never faultline's barometer.
  join(DATA_DIR, 'gdelt-dyad-index-2018-2024/gdelt_dyad_daily.csv'),
];
