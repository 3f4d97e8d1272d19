import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Event } from '../domain/event.ts';
import type { EventGeo } from '../domain/placed-event.ts';
import type { Store } from '../storage/store.ts';
import type { Settings } from '../config/settings.ts';

/** How a command uses the store, when it does not write new data to it (see Context.store). */
export type StoreAccess = 'read' | 'existing';

/** Where progress lines go: a stream with the slice of a terminal stream that progress uses. */
export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** What every command gets from the composition root: the store (opened lazily), settings and output. */
export interface Context {
  settings: Settings;
  /**
   * The store, opened on first use. `'read'`: the command only reads, so a one-shot process may
   * open the file read-only (a later call without it reopens it for writing). `'existing'`: the
   * command reads, and may keep what it derives (linkage runs), so the store must exist already.
   * A one-shot process refuses a store file that does not exist for both (exit 4, nothing made);
   * without `access`, the command writes and the store is made if need be.
   */
  store(access?: StoreAccess): Promise<Store>;
  placer(): Promise<(e: Event) => EventGeo>;
  /**
   * True when this process runs one command and opens the store at `settings.db` itself (the
   * binary), so files kept beside that store describe `store()` (`sources` keeps a snapshot there).
   * Unset where the store is given: a server running a forwarded command, a test's store.
   */
  oneShot?: boolean;
  out(text: string): void;
  err(text: string): void;
  /** The caller's working directory when it is not this process's (a command forwarded to a server). */
  cwd?: string;
  /**
   * Standard output for long or binary output (exports): resolves when the chunk may be followed by
   * the next, so a slow reader holds the producer back. Without it, commands write text with `out`.
   */
  write?(chunk: string | Uint8Array): Promise<void>;
  /** Whether standard output is a terminal (binary exports refuse to write to one). */
  outIsTTY?: boolean;
  /** Where progress lines go (default: this process's stderr). */
  progress?: ProgressSink;
  /**
   * Waits between the attempts of a retried HTTP request (default: a timer). Tests pass one that
   * records the waits, so a retry's notice (`trying again in 0.5 s`) is checked without waiting it.
   */
  sleep?: (ms: number) => Promise<void>;
  /** Standard input as text (default: this process's stdin); `claims extract -` reads it. */
  stdin?(): Promise<string>;
  /** The command that runs (set as its action starts): a failure names its flags and arguments. */
  action?: Command;
  /** Builds the same program around another context (a server runs forwarded commands with it). */
  program?: (ctx: Context) => Command;
}

/** A path the user gave, resolved against the caller's directory (unchanged when that is ours). */
export function userPath(ctx: Context, path: string): string {
  return ctx.cwd === undefined ? path : resolve(ctx.cwd, path);
}
