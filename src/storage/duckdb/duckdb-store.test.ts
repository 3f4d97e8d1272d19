// test-run: alone, about 4 s (the store contract)
import { runStoreCase } from '../store.case.ts';
import { DuckDBStore } from './duckdb-store.ts';

runStoreCase({ name: 'duckdb (in memory)', create: () => DuckDBStore.open(':memory:') });
