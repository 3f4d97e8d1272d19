/**
 * The actor registry: canonical armed actors with the names sources use for them, and the groups
 * analysts ask about. Resolution is by normalised alias; an unknown name resolves to nothing
 * rather than to a guess. Documented in docs/actors.md.
 */

/** A canonical actor with its aliases and the groups it belongs to. */
export interface Actor {
  id: string;
  name: string;
  kind: 'state' | 'rebel' | 'militia' | 'civilians' | 'unknown';
  /** Names and spellings sources use, matched case- and punctuation-insensitively. */
  aliases: string[];
  /** Group ids (see GROUPS). */
  groups: string[];
  /** Validity window for aliases that changed meaning (ISO dates, inclusive). */
  note?: string;
}

/** A named group of actors (e.g. all TTP factions). */
export interface ActorGroup {
  id: string;
  name: string;
  description: string;
}

export const GROUPS: readonly ActorGroup[] = [
  {
    id: 'ttp',
    name: 'TTP and factions',
    description:
      'Tehrik-i-Taliban Pakistan and its splinter factions (Jamaat-ul-Ahrar, TTP-SM, TTP-KM, TTP-TA, ...).',
  },
  {
    id: 'baloch-insurgents',
    name: 'Baloch insurgents',
    description: 'Baloch separatist groups: BLA, BLF, BRA, UBA, BRAS (the alliance UCDP codes from 2019).',
  },
  {
    id: 'islamic-state',
    name: 'Islamic State',
    description: 'IS and its Khorasan and Pakistan provinces (ISKP, ISPP).',
  },
  {
    id: 'afghan-taliban',
    name: 'Afghan Taliban',
    description:
      'The Taliban movement ("Taleban" in UCDP) and, after 15 August 2021, the Taliban-led Government of Afghanistan (Islamic Emirate).',
  },
  {
    id: 'afghanistan',
    name: 'Afghan state',
    description:
      'The Government of Afghanistan at any date: the Islamic Republic until 15 August 2021, the Taliban-led Islamic Emirate after (the registry keeps one id for the Taliban movement and the state it formed).',
  },
  {
    id: 'pakistan-state',
    name: 'Pakistani state forces',
    description: 'Government of Pakistan: army, Frontier Corps, police, intelligence.',
  },
  {
    id: 'foreign-states',
    name: 'Foreign states',
    description: 'Governments other than Pakistan and Afghanistan (India, United States, Iran, ...).',
  },
  {
    id: 'sectarian',
    name: 'Sectarian militants',
    description: 'Lashkar-e-Jhangvi and similar sectarian groups.',
  },
  { id: 'civilians', name: 'Civilians', description: 'Civilians as a side in one-sided violence.' },
];

export const ACTORS: readonly Actor[] = [
  {
    id: 'ttp',
    name: 'Tehrik-i-Taliban Pakistan (TTP)',
    kind: 'rebel',
    aliases: [
      'TTP',
      'Tehrik-i-Taliban Pakistan',
      'Tehreek-e-Taliban Pakistan',
      'Tehrik-e-Taliban Pakistan',
      'Pakistani Taliban',
      'Fitna al-Khawarij',
      'Fitna-al-Khawarij',
      // ISPR's statements spell it both ways.
      'Fitna al-Khwarij',
      'Tehrik-i-Taliban',
      'TTP: Tehrik-i-Taliban Pakistan',
    ],
    groups: ['ttp'],
  },
  {
    id: 'jamaat-ul-ahrar',
    name: 'Jamaat-ul-Ahrar',
    kind: 'rebel',
    aliases: ['Jamaat-ul-Ahrar', 'JuA', 'Jamaat ul Ahrar', 'TTP-JuA'],
    groups: ['ttp'],
  },
  {
    id: 'ttp-factions',
    name: 'TTP factions',
    kind: 'rebel',
    aliases: ['TTP-SM', 'TTP-KM', 'TTP - TA', 'TTP-TA', 'TTP - MT', 'TTP - MR', 'TTP-Islahi'],
    groups: ['ttp'],
  },
  {
    id: 'bras',
    name: 'Baloch Raaji Aajoi Sangar (BRAS)',
    kind: 'rebel',
    aliases: ['BRAS', 'Baloch Raaji Aajoi Sangar', 'Baloch insurgents'],
    groups: ['baloch-insurgents'],
    note: 'UCDP codes Baloch insurgent violence as BRAS from 2019; before that as BLA, BLF, BRA and UBA.',
  },
  {
    id: 'bla',
    name: 'Balochistan Liberation Army (BLA)',
    kind: 'rebel',
    aliases: ['BLA', 'Balochistan Liberation Army', 'Baloch Liberation Army', 'Fitna al-Hindustan'],
    groups: ['baloch-insurgents'],
  },
  {
    id: 'blf',
    name: 'Balochistan Liberation Front (BLF)',
    kind: 'rebel',
    aliases: ['BLF', 'Balochistan Liberation Front', 'Baloch Liberation Front'],
    groups: ['baloch-insurgents'],
  },
  {
    id: 'bra',
    name: 'Baloch Republican Army (BRA)',
    kind: 'rebel',
    aliases: ['BRA', 'Baloch Republican Army'],
    groups: ['baloch-insurgents'],
  },
  {
    id: 'uba',
    name: 'United Baloch Army (UBA)',
    kind: 'rebel',
    aliases: ['UBA', 'United Baloch Army'],
    groups: ['baloch-insurgents'],
  },
  {
    id: 'islamic-state',
    name: 'Islamic State (IS, IS-Khorasan)',
    kind: 'rebel',
    aliases: [
      'IS',
      'Islamic State',
      'ISIS',
      'ISIL',
      'Daesh',
      'IS-Khorasan',
      'ISKP',
      'ISIS-K',
      'Islamic State Khorasan Province',
      'Islamic State (Khorasan)',
      'Islamic State Pakistan Province',
      'ISPP',
    ],
    groups: ['islamic-state'],
  },
  {
    id: 'afghan-taliban',
    name: 'Afghan Taliban / Government of Afghanistan (from August 2021)',
    kind: 'state',
    aliases: [
      'Taleban',
      'Taliban',
      'Afghan Taliban',
      'Islamic Emirate of Afghanistan',
      'High Council of Afghanistan Islamic Emirate',
      'Government of Afghanistan',
    ],
    groups: ['afghan-taliban', 'afghanistan'],
    note: 'UCDP calls the movement "Taleban"; after 15 August 2021 it codes the Taliban-led state as "Government of Afghanistan". Before that date "Government of Afghanistan" is the Islamic Republic: see resolveActor().',
  },
  {
    id: 'afghan-republic',
    name: 'Government of Afghanistan (Islamic Republic, until August 2021)',
    kind: 'state',
    aliases: [],
    groups: ['afghanistan'],
  },
  {
    id: 'pakistan',
    name: 'Government of Pakistan',
    kind: 'state',
    aliases: [
      'Government of Pakistan',
      'Military Forces of Pakistan',
      'Police Forces of Pakistan',
      'Pakistan',
    ],
    groups: ['pakistan-state'],
  },
  {
    id: 'india',
    name: 'Government of India',
    kind: 'state',
    aliases: ['Government of India', 'Military Forces of India'],
    groups: ['foreign-states'],
  },
  {
    id: 'usa',
    name: 'Government of United States of America',
    kind: 'state',
    aliases: ['Government of United States of America', 'Military Forces of the United States'],
    groups: ['foreign-states'],
  },
  {
    id: 'iran',
    name: 'Government of Iran',
    kind: 'state',
    aliases: ['Government of Iran', 'Military Forces of Iran'],
    groups: ['foreign-states'],
  },
  {
    id: 'al-qaida',
    name: 'al-Qaida',
    kind: 'rebel',
    aliases: ['al-Qaida', 'Al Qaeda', 'al-Qaeda'],
    groups: [],
  },
  {
    id: 'lej',
    name: 'Lashkar-e-Jhangvi (LeJ)',
    kind: 'rebel',
    aliases: ['LeJ', 'Lashkar-e-Jhangvi'],
    groups: ['sectarian'],
  },
  { id: 'lashkar-e-islam', name: 'Lashkar-e-Islam', kind: 'rebel', aliases: ['Lashkar-e-Islam'], groups: [] },
  {
    id: 'civilians',
    name: 'Civilians',
    kind: 'civilians',
    aliases: ['Civilians', 'Civilians (Pakistan)', 'Civilians (Afghanistan)'],
    groups: ['civilians'],
  },
  {
    id: 'unknown',
    name: 'Unidentified armed group',
    kind: 'unknown',
    aliases: [
      'XXX770',
      'XXX700',
      'Unidentified Armed Group (Pakistan)',
      'Unidentified Armed Group (Afghanistan)',
    ],
    groups: [],
  },
];

// Gleditsch-Ward country codes of UCDP's placeholder names (XXX770 and the like).
const GW_COUNTRIES: Readonly<Record<string, string>> = {
  '700': 'Afghanistan',
  '770': 'Pakistan',
  '750': 'India',
  '630': 'Iran',
};

/**
 * What UCDP's placeholder names among `names` mean ("XXX770": an actor it could not identify, in
 * Pakistan), as one sentence for a table's notes; null when none is one. The names stay as the
 * source wrote them.
 */
export function placeholderActorsNote(names: readonly (string | null)[]): string | null {
  const codes = [...new Set(names.filter((n): n is string => !!n && /^XXX\d{3}$/.test(n)))].sort();
  if (!codes.length) return null;
  const each = codes.map((c) => {
    const where = GW_COUNTRIES[c.slice(3)];
    return `${c} (${where ? `in ${where}` : `country code ${c.slice(3)}`})`;
  });
  return `${each.join(', ')}: UCDP's name for an actor it could not identify; events between two such names may involve different groups`;
}

/** Start of the Taliban-led Government of Afghanistan (fall of Kabul). */
export const TALIBAN_TAKEOVER = '2021-08-15';

/**
 * "Taliban" alone names two groups: the Afghan Taliban (the Islamic Emirate, the registry's
 * afghan-taliban) and the Tehrik-i-Taliban Pakistan, whom Pakistani reports call "Taliban
 * terrorists" too ("19 Taliban fighters" killed in North Waziristan in 2015 were the TTP's). The
 * news reader and the claim drafter read it as either only when the text says which.
 */
export const BARE_TALIBAN = /^Tal[ie]ban$/i;

/**
 * Words after "Taliban" that make it the Afghan Taliban: their state and its organs ("Taliban
 * government", "Taliban-led administration", "Taliban officials", "Taliban forces", "the Taliban's
 * defence ministry"). The TTP has no government, ministries or officials.
 */
export const AFGHAN_TALIBAN_AFTER =
  /^(?:-led\b|(?:['’]s)?\s+(?:(?:defen[cs]e|interior|foreign|information)\s+)?(?:government|administration|authorities|regime|rulers|officials?|ministry|minister|forces|troops|border (?:forces|guards|police)|security forces)\b)/i;

/** Lower-cases, strips diacritics and punctuation so that spellings compare equal. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const byAlias = new Map<string, Actor>();
for (const actor of ACTORS)
  for (const alias of [actor.id, ...actor.aliases]) byAlias.set(normaliseName(alias), actor);
const normalised = new Map<string, string>(); // cache: sources repeat a few hundred names millions of times
const byGroup = new Map<string, ActorGroup>(GROUPS.map((g) => [g.id, g]));

/**
 * Names whose actor depends on the event date: before `until`, a name that resolves to `actor`
 * normalises to `key` and means `before` instead (UCDP kept "Government of Afghanistan" for the
 * Islamic Republic and, after the fall of Kabul, for the Taliban-led state).
 */
export const DATED_NAMES: readonly { key: string; actor: string; until: string; before: string }[] = [
  {
    key: 'government of afghanistan',
    actor: 'afghan-taliban',
    until: TALIBAN_TAKEOVER,
    before: 'afghan-republic',
  },
];

/** The registry's lookup table: every normalised alias and id, with the actor it names (the SQL side filter mirrors resolveActor with it). */
export function aliasTable(): { keys: string[]; ids: string[] } {
  return { keys: [...byAlias.keys()], ids: [...byAlias.values()].map((a) => a.id) };
}

/** Resolves a source's actor name to a registry actor; `date` disambiguates "Government of Afghanistan". */
export function resolveActor(name: string | null | undefined, date?: string): Actor | null {
  if (!name) return null;
  let key = normalised.get(name);
  if (key === undefined) {
    key = normaliseName(name);
    if (normalised.size < 100_000) normalised.set(name, key);
  }
  // ACLED writes "TTP: Tehreek-i-Taliban Pakistan" and "Military Forces of Pakistan (2018-)": try the
  // abbreviation before a colon and the name without its bracketed period or country.
  const actor =
    byAlias.get(key) ??
    (name.includes(':') ? byAlias.get(normaliseName(name.split(':')[0]!)) : undefined) ??
    byAlias.get(normaliseName(name.replace(/\s*\([^)]*\)\s*$/, ''))) ??
    null;
  const dated = date
    ? DATED_NAMES.find((d) => d.actor === actor?.id && d.key === key && date < d.until)
    : undefined;
  return dated ? (ACTORS.find((a) => a.id === dated.before) ?? null) : actor;
}

/** Registry ids for a list of actor names (unresolved names are dropped). */
export function resolveActorIds(names: (string | null)[], date?: string): string[] {
  const ids = new Set<string>();
  for (const n of names) {
    const a = resolveActor(n, date);
    if (a) ids.add(a.id);
  }
  return [...ids];
}

/**
 * Expands a user's actor filter (an actor id, an alias, or a group id) to the registry ids it covers.
 * Returns null when nothing matches.
 */
export function expandActorFilter(term: string): { label: string; ids: string[] } | null {
  const key = normaliseName(term);
  const group = byGroup.get(key.replace(/ /g, '-'));
  if (group)
    return { label: group.name, ids: ACTORS.filter((a) => a.groups.includes(group.id)).map((a) => a.id) };
  const actor = byAlias.get(key);
  if (!actor) return null;
  // Naming an actor that heads a group (TTP) means the group: analysts asking for "TTP" mean its factions too.
  const headed = actor.groups.length === 1 && actor.groups[0] === actor.id ? actor.groups[0] : null;
  if (headed) return expandActorFilter(headed);
  return { label: actor.name, ids: [actor.id] };
}

/**
 * A dyad term, `A:B`, expanded side by side the way expandActorFilter reads each side. A name may
 * hold a colon itself ("TTP: Tehrik-i-Taliban Pakistan"), so every colon is tried. Returns the
 * sides, `{ unknown }` naming the first side that matches nothing, or null without two sides.
 */
export function expandDyad(
  term: string,
): { a: string[]; b: string[]; label: string } | { unknown: string } | null {
  let unknown = '';
  for (const m of term.matchAll(/:/g)) {
    const [x, y] = [term.slice(0, m.index).trim(), term.slice(m.index + 1).trim()];
    if (!x || !y) continue;
    const a = expandActorFilter(x);
    const b = expandActorFilter(y);
    if (a && b) return { a: a.ids, b: b.ids, label: `${a.label} against ${b.label}` };
    unknown ||= !a ? x : y;
  }
  return unknown ? { unknown } : null;
}
