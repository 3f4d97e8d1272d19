/**
 * The perturbed half of the linkage evaluation set (issue 17): copies of real UCDP GED rows with
 * the noise a second source shows, seeded, written as a desk log (csv-mapped format) whose
 * `truth_ged_id` column records which GED event each row copies. The noise: 15% of the events
 * missing from the copy; dates moved by the usual reporting lag (55% same day, 30% a day later,
 * 10% two days later, 5% a day earlier); points moved in a random direction within their precision
 * class (GED where_prec 1: up to 2 km, 2: 10 km, 3: 15 km, coarser: 25 km); deaths varied (half
 * unchanged, 35% one more or fewer, 15% scaled by 0.5-1.6); each side named by one of its
 * registry aliases half of the time.
 */
import { resolveActor } from '../../src/domain/actors.ts';
import { csvLine } from './ged-rows.ts';
import { mulberry32 } from './seeded-random.ts';

/** Mapping of the perturbed desk log (csv-mapped format). */
export const PERTURBED_MAPPING = `# Column mapping of a perturbed copy of UCDP GED rows (SYNTHETIC, test/helpers/perturbed-ged.ts).
dataset: perturbed-ged
version: "1"
columns:
  source_id: incident_no
  date_start: day
  admin1: province
  place: town
  lat: lat
  lon: lng
  type: category
  actor1: side_a
  actor2: side_b
  fatalities_best: killed
constants:
  country: PAK
type_map:
  "1": battle
  "2": battle
  "3": violence-against-civilians
`;

const KM_PER_DEG = 111.32;
const RADIUS_KM: Record<string, number> = { '1': 2, '2': 10, '3': 15 };

/** Writes the perturbed copy of GED rows (header and rows as gedRows gives them) with its truth. */
export function perturbGed(
  header: string[],
  rows: string[][],
  seed: number,
): { csv: string; copies: number } {
  const rnd = mulberry32(seed);
  const ix = (n: string) => header.indexOf(n);
  const [id, start, lat, lon, prec, adm1, where, tov, sideA, sideB, best] = [
    'id',
    'date_start',
    'latitude',
    'longitude',
    'where_prec',
    'adm_1',
    'where_coordinates',
    'type_of_violence',
    'side_a',
    'side_b',
    'best',
  ].map(ix) as number[];
  const out = ['incident_no,day,province,town,lat,lng,category,side_a,side_b,killed,truth_ged_id'];
  const alias = (name: string) => {
    const a = resolveActor(name);
    if (!a || !a.aliases.length || rnd() < 0.5) return name;
    return a.aliases[Math.floor(rnd() * a.aliases.length)]!;
  };
  let copies = 0;
  for (const r of rows) {
    if (rnd() < 0.15) continue;
    const u = rnd();
    const shift = u < 0.55 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : -1;
    const day = new Date(Date.parse(`${r[start!]!.slice(0, 10)}T00:00:00Z`) + shift * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const km = (RADIUS_KM[r[prec!]!] ?? 25) * Math.sqrt(rnd());
    const bearing = rnd() * 2 * Math.PI;
    const y = Number(r[lat!]) + (km * Math.cos(bearing)) / KM_PER_DEG;
    const x =
      Number(r[lon!]) + (km * Math.sin(bearing)) / (KM_PER_DEG * Math.cos((Number(r[lat!]) * Math.PI) / 180));
    const b = Number(r[best!]);
    const v = rnd();
    const killed =
      v < 0.5 ? b : v < 0.85 ? Math.max(0, b + (rnd() < 0.5 ? -1 : 1)) : Math.round(b * (0.5 + 1.1 * rnd()));
    out.push(
      csvLine([
        `P-${r[id!]}`,
        day,
        r[adm1!]!,
        r[where!]!,
        y.toFixed(6),
        x.toFixed(6),
        r[tov!]!,
        alias(r[sideA!]!),
        alias(r[sideB!]!),
        String(killed),
        r[id!]!,
      ]),
    );
    copies++;
  }
  return { csv: out.join('\n') + '\n', copies };
}
