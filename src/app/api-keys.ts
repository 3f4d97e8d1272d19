/**
 * API keys: 32 random bytes shown once, stored only as a sha256 hash under a short public prefix id
 * that is part of the key (`flk_<id>_<secret>`), with a role: viewer < analyst < reviewer < admin.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { matchChoice } from '../domain/choice.ts';
import { InvalidInputError, NotFoundError, invalidParam } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import type { Store, StoredApiKey } from '../storage/store.ts';
import { invalidateMemo, memo } from './analysis/memo.ts';

/** Roles, least to most privileged. */
export type Role = StoredApiKey['role'];
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'reviewer', 'admin'];

const KEY = /^flk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Whether a role is at least as privileged as another. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Checks a role name; throws `invalid role: "<value>" (use viewer, analyst, reviewer or admin)`. */
export function parseRole(value: string): Role {
  const role = matchChoice(value, ROLES);
  if (role === undefined)
    throw invalidParam('role', `${quoteValue(value)} (use viewer, analyst, reviewer or admin)`);
  return role;
}

/**
 * Checks a key's name: none, or at most 100 printable characters; an empty or blank one is refused
 * (`invalid name: "" (...)`), not read as no name. Called before the store is opened.
 */
export function parseKeyName(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const name = value.trim();
  if (name === '') throw invalidParam('name', `${quoteValue(value)} (give a name, or leave it out)`);
  if (name.length > 100 || [...name].some((ch) => ch.charCodeAt(0) < 32))
    throw invalidParam('name', `${quoteValue(name)} (use at most 100 printable characters)`);
  return name;
}

/** A new key: the key text (shown once, never stored) and what is stored about it. */
export interface CreatedApiKey {
  key: string;
  id: string;
  name: string | null;
  role: Role;
  created_at: string;
}

/** Creates a key with a role and an optional name; the returned `key` cannot be recovered later. */
export async function createApiKey(
  store: Store,
  a: { role: string; name?: string | null },
): Promise<CreatedApiKey> {
  const role = parseRole(a.role);
  const name = parseKeyName(a.name);
  const id = randomBytes(6).toString('hex');
  const key = `flk_${id}_${randomBytes(32).toString('base64url')}`;
  const createdAt = new Date().toISOString();
  await store.addApiKey({ id, name, role, sha256: sha256(key), createdAt, revokedAt: null });
  invalidateMemo(store);
  return { key, id, name, role, created_at: createdAt };
}

/** The stored key a key text belongs to, or null when it is malformed, unknown, wrong or revoked. */
export async function verifyApiKey(store: Store, text: string): Promise<StoredApiKey | null> {
  const m = KEY.exec(text.trim());
  if (!m) return null;
  const stored = await memo(store, `api-key:${m[1]}`, () => store.findApiKey(m[1]!));
  if (!stored || stored.revokedAt !== null) return null;
  const given = Buffer.from(sha256(text.trim()), 'hex');
  const expected = Buffer.from(stored.sha256, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? stored : null;
}

/** A key as listed to an admin (GET /keys, `faultline keys list`): never the key or its hash. */
export interface ApiKeyListing {
  id: string;
  name: string | null;
  role: Role;
  created_at: string;
  revoked_at: string | null;
}

/** The columns of a key as listed (ApiKeyListing), in its order: a CSV of no keys still has its header (API and CLI). */
export const KEY_COLUMNS = [
  'id',
  'name',
  'role',
  'created_at',
  'revoked_at',
] as const satisfies readonly (keyof ApiKeyListing)[];

/** Keys as listed to an admin: never the hash. */
export async function listApiKeys(store: Store): Promise<ApiKeyListing[]> {
  return (await store.listApiKeys()).map((k) => ({
    id: k.id,
    name: k.name,
    role: k.role,
    created_at: k.createdAt,
    revoked_at: k.revokedAt,
  }));
}

/** Revokes a key by its id; throws `no active API key with id "<id>"` when there is none. */
export async function revokeApiKey(store: Store, id: string): Promise<void> {
  if (!/^[0-9a-f]{12}$/.test(id))
    throw new InvalidInputError(`invalid key id: ${quoteValue(id)} (use the 12-character id from keys list)`);
  if (!(await store.revokeApiKey(id, new Date().toISOString())))
    throw new NotFoundError(`no active API key with id ${quoteValue(id)}`);
  invalidateMemo(store);
}
