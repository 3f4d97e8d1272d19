/**
 * Geography benchmark: places N synthetic events (default 200,000; env GEO_BENCH_N), made by
 * jittering the real GED and Candidate coordinates with a seeded generator, and compares the
 * indexed admin-1 lookup with a naive loop over every polygon (turf, no index) on 5,000 points.
 */
import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { multiPolygon, point } from '@turf/helpers';
import { parse } from 'csv-parse/sync';
import { admin1Boundaries, admin1Index } from '../src/geo/boundaries.ts';
import type { PlaceInput } from '../src/geo/placement.ts';
import { createPlacer } from '../src/geo/placer.ts';

const DATA = new URL('../data/', import.meta.url);
const NAIVE_SAMPLE = 5_000;
// Jitter of up to ±0.05° (about ±5 km) around each real event.
const JITTER_DEG = 0.05;

function readRows(file: string): Record<string, string>[] {
  const rows = parse(readFileSync(new URL(file, DATA)), { columns: true, skip_empty_lines: true, bom: true });
  // The HDX extract's second row is HXL hashtags ("#date+year"), not an event.
  return (rows as Record<string, string>[]).filter((row) => !row.year?.startsWith('#'));
}

/** mulberry32: a small seeded generator so every run places the same points. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Synthetic {
  count: number;
  /** The i-th event, built on demand so millions of inputs never sit in the heap at once. */
  event(i: number): PlaceInput;
}

function syntheticEvents(n: number): Synthetic {
  const rows = [
    ...readRows('ucdp-ged/conflict_data_pak.csv'),
    ...readRows('ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv'),
    ...readRows('ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv'),
  ].map((row) => ({
    country: row.country === 'Afghanistan' ? 'AFG' : 'PAK',
    lat: Number(row.latitude),
    lon: Number(row.longitude),
    exact: Number(row.where_prec) <= 3,
    admin1Label: row.adm_1 || null,
    admin2Label: row.adm_2 || null,
    date: row.date_start?.slice(0, 10),
  }));
  const random = seeded(20260601);
  const jitter = new Float64Array(n * 2);
  for (let i = 0; i < jitter.length; i++) jitter[i] = (random() * 2 - 1) * JITTER_DEG;
  return {
    count: n,
    event(i) {
      const row = rows[i % rows.length]!;
      return { ...row, lat: row.lat + jitter[i * 2]!, lon: row.lon + jitter[i * 2 + 1]! };
    },
  };
}

/** Runs the geography benchmark, prints one JSON line and returns its measurements. */
export async function benchGeo(
  n = Number(process.env.GEO_BENCH_N ?? 200_000),
): Promise<Record<string, unknown>> {
  const events = syntheticEvents(n);
  let t = performance.now();
  const place = createPlacer();
  const setupMs = performance.now() - t;

  t = performance.now();
  const cpu = process.cpuUsage();
  let placed = 0;
  for (let i = 0; i < n; i++) if (place(events.event(i)).admin1Code !== null) placed++;
  const placeMs = performance.now() - t;
  // CPU time as well as wall time: on a shared machine the wall clock also counts other processes.
  const { user, system } = process.cpuUsage(cpu);
  const placeCpuS = (user + system) / 1e6;

  const sample = Array.from({ length: Math.min(n, NAIVE_SAMPLE) }, (_, i) => events.event(i));
  const index = admin1Index();
  t = performance.now();
  const indexed = sample.map((e) => index.locate(e.lon!, e.lat!)?.code ?? null);
  const indexedMs = performance.now() - t;

  const polygons = admin1Boundaries().units.map((unit) => ({
    code: unit.code,
    feature: multiPolygon(unit.polygons as number[][][][]),
  }));
  t = performance.now();
  const naive = sample.map((e) => {
    const pt = point([e.lon!, e.lat!]);
    return polygons.find((p) => booleanPointInPolygon(pt, p.feature))?.code ?? null;
  });
  const naiveMs = performance.now() - t;
  const mismatches = indexed.filter((code, i) => code !== naive[i]).length;

  const out = {
    events: n,
    placer_setup_ms: Math.round(setupMs),
    place_s: +(placeMs / 1000).toFixed(2),
    events_per_s: Math.round(n / (placeMs / 1000)),
    place_cpu_s: +placeCpuS.toFixed(2),
    events_per_cpu_s: Math.round(n / placeCpuS),
    placed_admin1: placed,
    sample_points: sample.length,
    indexed_locate_per_s: Math.round(sample.length / (indexedMs / 1000)),
    naive_turf_locate_per_s: Math.round(sample.length / (naiveMs / 1000)),
    ratio_naive_to_indexed: +(naiveMs / indexedMs).toFixed(1),
    indexed_vs_naive_mismatches: mismatches,
  };
  console.log('geo', JSON.stringify(out));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGeo();
