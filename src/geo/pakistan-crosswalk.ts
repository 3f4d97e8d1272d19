/**
 * Source district names that are not 2023-census units, resolved to the unit that holds them
 * today (or to nothing, with the reason). Documented in docs/geography.md#districts.
 */

/** One crosswalk entry: a source's district label and the 2023 map unit it falls in. */
export interface CrosswalkEntry {
  /** The label as sources print it (matched with `unitKey`, so case, spacing and "district" do not matter). */
  label: string;
  /** `map_unit_id` of the 2023 unit, or null when the label cannot be placed on one unit. */
  unit: string | null;
  /** Why the names differ. */
  note: string;
  /** A split district (`unit` null): the province (ISO 3166-2) that holds all of its parts. */
  province?: string;
}

/** Pakistani district labels seen in UCDP GED and Candidate files that differ from the 2023 units. */
export const PAKISTAN_CROSSWALK: readonly CrosswalkEntry[] = [
  { label: 'Karachi', unit: 'sd_karachi', note: "Karachi's 7 districts share one map unit" },
  { label: 'FR Kohat', unit: 'kp_kohat', note: 'Frontier Region merged into its settled district (2018)' },
  {
    label: 'FR Peshawar',
    unit: 'kp_peshawar',
    note: 'Frontier Region merged into its settled district (2018)',
  },
  { label: 'FR Bannu', unit: 'kp_bannu', note: 'Frontier Region merged into its settled district (2018)' },
  {
    label: 'FR Bannu - Mir Ali',
    unit: 'kp_bannu',
    note: 'Frontier Region merged into its settled district (2018)',
  },
  { label: 'FR Tank', unit: 'kp_tank', note: 'Frontier Region merged into its settled district (2018)' },
  {
    label: 'FR Tank - Jandola',
    unit: 'kp_tank',
    note: 'Frontier Region merged into its settled district (2018)',
  },
  {
    label: 'FR Lakki Marwat',
    unit: 'kp_lakki_marwat',
    note: 'Frontier Region merged into its settled district (2018)',
  },
  {
    label: 'FR Dera Ismail Khan',
    unit: 'kp_dera_ismail_khan',
    note: 'Frontier Region merged into its settled district (2018)',
  },
  {
    label: 'FR D.I. Khan',
    unit: 'kp_dera_ismail_khan',
    note: 'Frontier Region merged into its settled district (2018)',
  },
  { label: 'Bolan', unit: 'ba_kachhi', note: 'Bolan district was renamed Kachhi (2008)' },
  { label: 'Jafarabad', unit: 'ba_jaffarabad', note: 'spelling' },
  { label: 'Sorab', unit: 'ba_surab', note: 'spelling' },
  { label: 'Musa Khel', unit: 'ba_musakhel', note: 'spelling' },
  { label: 'Dukki', unit: 'ba_duki', note: 'spelling' },
  {
    label: 'Taunsa',
    unit: 'pb_dera_ghazi_khan',
    note: 'Taunsa was split from Dera Ghazi Khan after the 2023 census',
  },
  { label: 'D.I. Khan', unit: 'kp_dera_ismail_khan', note: 'abbreviation' },
  { label: 'D.G. Khan', unit: 'pb_dera_ghazi_khan', note: 'abbreviation' },
  {
    label: 'Chitral',
    unit: null,
    note: 'split into Upper and Lower Chitral (2018): only a point can tell which',
    province: 'PK-KP',
  },
  {
    label: 'Kohistan',
    unit: null,
    note: 'split into Upper Kohistan, Lower Kohistan and Kolai Palas (2014-2017): only a point can tell which',
    province: 'PK-KP',
  },
  {
    label: 'Dir',
    unit: null,
    note: 'split into Upper Dir and Lower Dir (1996): only a point can tell which',
    province: 'PK-KP',
  },
];
