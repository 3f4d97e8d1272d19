/**
 * FIPS 10-4 country codes (what GDELT writes in its *Geo_CountryCode columns) to ISO 3166-1 alpha-3.
 * FIPS and ISO alpha-2 often look alike but differ: FIPS AS is Australia (ISO AU), AU is Austria,
 * GM is Germany, UK is the United Kingdom, CH is China, SZ is Switzerland.
 *
 * Source: the FIPS 10-4 to ISO 3166 alpha-2 table in GitHub `ramsun/happiness-inc`,
 * `templates/static/js/FIPS10.js` (commit 1c0391d2b1199cf09fca6c8b940ccf24c6a5a0b5); its alpha-2
 * codes were turned into alpha-3 with i18n-iso-countries.
 * Codes with no ISO country there (Akrotiri, Dhekelia, Kosovo, Paracel and Spratly Islands, the
 * Kuril islands) map to null. The duplicate "Myanmar" row (BM, also "Burma") was dropped.
 */
export const FIPS_TO_ISO3: Readonly<Record<string, string | null>> = {
  AF: 'AFG', // Afghanistan
  AX: null, // Akrotiri
  AL: 'ALB', // Albania
  AG: 'DZA', // Algeria
  AQ: 'ASM', // American Samoa
  AN: 'AND', // Andorra
  AO: 'AGO', // Angola
  AV: 'AIA', // Anguilla
  AY: 'ATA', // Antarctica
  AC: 'ATG', // Antigua and Barbuda
  AR: 'ARG', // Argentina
  AM: 'ARM', // Armenia
  AA: 'ABW', // Aruba
  AT: 'AUS', // Ashmore and Cartier Islands
  AS: 'AUS', // Australia
  AU: 'AUT', // Austria
  AJ: 'AZE', // Azerbaijan
  BF: 'BHS', // Bahamas, The
  BA: 'BHR', // Bahrain
  FQ: 'UMI', // Baker Island
  BG: 'BGD', // Bangladesh
  BB: 'BRB', // Barbados
  BS: 'REU', // Bassas da India
  BO: 'BLR', // Belarus
  BE: 'BEL', // Belgium
  BH: 'BLZ', // Belize
  BN: 'BEN', // Benin
  BD: 'BMU', // Bermuda
  BT: 'BTN', // Bhutan
  BL: 'BOL', // Bolivia
  BK: 'BIH', // Bosnia and Herzegovina
  BC: 'BWA', // Botswana
  BV: 'BVT', // Bouvet Island
  BR: 'BRA', // Brazil
  IO: 'IOT', // British Indian Ocean Territory
  BX: 'BRN', // Brunei
  BU: 'BGR', // Bulgaria
  UV: 'BFA', // Burkina Faso
  BM: 'MMR', // Burma
  BY: 'BDI', // Burundi
  CB: 'KHM', // Cambodia
  CM: 'CMR', // Cameroon
  CA: 'CAN', // Canada
  CV: 'CPV', // Cape Verde
  CJ: 'CYM', // Cayman Islands
  CT: 'CAF', // Central African Republic
  CD: 'TCD', // Chad
  CI: 'CHL', // Chile
  CH: 'CHN', // China
  KT: 'CXR', // Christmas Island
  IP: 'PYF', // Clipperton Island
  CK: 'CCK', // Cocos (Keeling) Islands
  CO: 'COL', // Colombia
  CN: 'COM', // Comoros
  CG: 'COD', // Democratic Republic of the Congo
  CF: 'COG', // Republic of Congo
  CW: 'COK', // Cook Islands
  CR: 'AUS', // Coral Sea Islands
  CS: 'CRI', // Costa Rica
  IV: 'CIV', // Cote d'Ivoire
  HR: 'HRV', // Croatia
  CU: 'CUB', // Cuba
  UC: 'CUW', // Curacao
  CY: 'CYP', // Cyprus
  EZ: 'CZE', // Czech Republic
  DA: 'DNK', // Denmark
  DX: null, // Dhekelia
  DJ: 'DJI', // Djibouti
  DO: 'DMA', // Dominica
  DR: 'DOM', // Dominican Republic
  EC: 'ECU', // Ecuador
  EG: 'EGY', // Egypt
  ES: 'SLV', // El Salvador
  EK: 'GNQ', // Equatorial Guinea
  ER: 'ERI', // Eritrea
  EN: 'EST', // Estonia
  ET: 'ETH', // Ethiopia
  PJ: null, // Etorofu, Habomai, Kunashiri, and Shikotan Islands
  EU: 'REU', // Europa Island
  FK: 'FLK', // Falkland Islands (Islas Malvinas)
  FO: 'FRO', // Faroe Islands
  FJ: 'FJI', // Fiji
  FI: 'FIN', // Finland
  FR: 'FRA', // France
  FG: 'GUF', // French Guiana
  FP: 'PYF', // French Polynesia
  FS: 'ATF', // French Southern and Antarctic Lands
  GB: 'GAB', // Gabon
  GA: 'GMB', // Gambia, The
  GZ: 'PSE', // Gaza Strip
  GG: 'GEO', // Georgia
  GM: 'DEU', // Germany
  GH: 'GHA', // Ghana
  GI: 'GIB', // Gibraltar
  GO: 'REU', // Glorioso Islands
  GR: 'GRC', // Greece
  GL: 'GRL', // Greenland
  GJ: 'GRD', // Grenada
  GP: 'GLP', // Guadeloupe
  GQ: 'GUM', // Guam
  GT: 'GTM', // Guatemala
  GK: 'GBR', // Guernsey
  GV: 'GIN', // Guinea
  PU: 'GNB', // Guinea-Bissau
  GY: 'GUY', // Guyana
  HA: 'HTI', // Haiti
  HM: 'HMD', // Heard Island and McDonald Islands
  HO: 'HND', // Honduras
  HK: 'HKG', // Hong Kong
  HQ: 'UMI', // Howland Island
  HU: 'HUN', // Hungary
  IC: 'ISL', // Iceland
  IN: 'IND', // India
  ID: 'IDN', // Indonesia
  IR: 'IRN', // Iran
  IZ: 'IRQ', // Iraq
  EI: 'IRL', // Ireland
  IM: 'GBR', // Isle of Man
  IS: 'ISR', // Israel
  IT: 'ITA', // Italy
  JM: 'JAM', // Jamaica
  JN: 'SJM', // Jan Mayen
  JA: 'JPN', // Japan
  DQ: 'UMI', // Jarvis Island
  JE: 'GBR', // Jersey
  JQ: 'UMI', // Johnston Atoll
  JO: 'JOR', // Jordan
  JU: 'REU', // Juan de Nova Island
  KZ: 'KAZ', // Kazakhstan
  KE: 'KEN', // Kenya
  KQ: 'UMI', // Kingman Reef
  KR: 'KIR', // Kiribati
  KN: 'PRK', // Korea, North
  KS: 'KOR', // Korea, South
  KV: null, // Kosovo
  KU: 'KWT', // Kuwait
  KG: 'KGZ', // Kyrgyzstan
  LA: 'LAO', // Laos
  LG: 'LVA', // Latvia
  LE: 'LBN', // Lebanon
  LT: 'LSO', // Lesotho
  LI: 'LBR', // Liberia
  LY: 'LBY', // Libya
  LS: 'LIE', // Liechtenstein
  LH: 'LTU', // Lithuania
  LU: 'LUX', // Luxembourg
  MC: 'MAC', // Macau
  MK: 'MKD', // Macedonia
  MA: 'MDG', // Madagascar
  MI: 'MWI', // Malawi
  MY: 'MYS', // Malaysia
  MV: 'MDV', // Maldives
  ML: 'MLI', // Mali
  MT: 'MLT', // Malta
  RM: 'MHL', // Marshall Islands
  MB: 'MTQ', // Martinique
  MR: 'MRT', // Mauritania
  MP: 'MUS', // Mauritius
  MF: 'MYT', // Mayotte
  MX: 'MEX', // Mexico
  FM: 'FSM', // Micronesia, Federated States of
  MQ: 'UMI', // Midway Islands
  MD: 'MDA', // Moldova
  MN: 'MCO', // Monaco
  MG: 'MNG', // Mongolia
  MJ: 'MNE', // Montenegro
  MH: 'MSR', // Montserrat
  MO: 'MAR', // Morocco
  MZ: 'MOZ', // Mozambique
  WA: 'NAM', // Namibia
  NR: 'NRU', // Nauru
  BQ: 'UMI', // Navassa Island
  NP: 'NPL', // Nepal
  NL: 'NLD', // Netherlands
  NC: 'NCL', // New Caledonia
  NZ: 'NZL', // New Zealand
  NU: 'NIC', // Nicaragua
  NG: 'NER', // Niger
  NI: 'NGA', // Nigeria
  NE: 'NIU', // Niue
  NF: 'NFK', // Norfolk Island
  CQ: 'MNP', // Northern Mariana Islands
  NO: 'NOR', // Norway
  MU: 'OMN', // Oman
  PK: 'PAK', // Pakistan
  PS: 'PLW', // Palau
  LQ: 'UMI', // Palmyra Atoll
  PM: 'PAN', // Panama
  PP: 'PNG', // Papua New Guinea
  PF: null, // Paracel Islands
  PA: 'PRY', // Paraguay
  PE: 'PER', // Peru
  RP: 'PHL', // Philippines
  PC: 'PCN', // Pitcairn Islands
  PL: 'POL', // Poland
  PO: 'PRT', // Portugal
  RQ: 'PRI', // Puerto Rico
  QA: 'QAT', // Qatar
  RE: 'REU', // Reunion
  RO: 'ROU', // Romania
  RS: 'RUS', // Russia
  RW: 'RWA', // Rwanda
  TB: 'BLM', // Saint Barthelemy
  SH: 'SHN', // Saint Helena
  SC: 'KNA', // Saint Kitts and Nevis
  ST: 'LCA', // Saint Lucia
  RN: 'MAF', // Saint Martin
  SB: 'SPM', // Saint Pierre and Miquelon
  VC: 'VCT', // Saint Vincent and the Grenadines
  WS: 'WSM', // Samoa
  SM: 'SMR', // San Marino
  TP: 'STP', // Sao Tome and Principe
  SA: 'SAU', // Saudi Arabia
  SG: 'SEN', // Senegal
  RI: 'SRB', // Serbia
  SE: 'SYC', // Seychelles
  SL: 'SLE', // Sierra Leone
  SN: 'SGP', // Singapore
  NN: 'SXM', // Sint Maarten
  LO: 'SVK', // Slovakia
  SI: 'SVN', // Slovenia
  BP: 'SLB', // Solomon Islands
  SO: 'SOM', // Somalia
  SF: 'ZAF', // South Africa
  SX: 'SGS', // South Georgia and the Islands
  OD: 'SSD', // South Sudan
  SP: 'ESP', // Spain
  PG: null, // Spratly Islands
  CE: 'LKA', // Sri Lanka
  SU: 'SDN', // Sudan
  NS: 'SUR', // Suriname
  SV: 'SJM', // Svalbard
  WZ: 'SWZ', // Swaziland
  SW: 'SWE', // Sweden
  SZ: 'CHE', // Switzerland
  SY: 'SYR', // Syria
  TW: 'TWN', // Taiwan
  TI: 'TJK', // Tajikistan
  TZ: 'TZA', // Tanzania
  TH: 'THA', // Thailand
  TT: 'TLS', // Timor-Leste
  TO: 'TGO', // Togo
  TL: 'TKL', // Tokelau
  TN: 'TON', // Tonga
  TD: 'TTO', // Trinidad and Tobago
  TE: 'UMI', // Tromelin Island
  TS: 'TUN', // Tunisia
  TU: 'TUR', // Turkey
  TX: 'TKM', // Turkmenistan
  TK: 'TCA', // Turks and Caicos Islands
  TV: 'TUV', // Tuvalu
  UG: 'UGA', // Uganda
  UP: 'UKR', // Ukraine
  AE: 'ARE', // United Arab Emirates
  UK: 'GBR', // United Kingdom
  US: 'USA', // United States of America
  UY: 'URY', // Uruguay
  UZ: 'UZB', // Uzbekistan
  NH: 'VUT', // Vanuatu
  VT: 'VAT', // Vatican City
  VE: 'VEN', // Venezuela
  VM: 'VNM', // Vietnam
  VI: 'VGB', // Virgin Islands, British
  VQ: 'VIR', // Virgin Islands, U.S.
  WQ: 'UMI', // Wake Island
  WF: 'WLF', // Wallis and Futuna
  WE: 'PSE', // West Bank
  WI: 'ESH', // Western Sahara
  YM: 'YEM', // Yemen
  ZA: 'ZMB', // Zambia
  ZI: 'ZWE', // Zimbabwe
};

/** Whether GDELT's FIPS code is in the table (a known code may still have no ISO country). */
export function knownFips(code: string): boolean {
  return Object.hasOwn(FIPS_TO_ISO3, code);
}
