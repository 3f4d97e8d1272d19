/**
 * Who is asking and what they may do. Every route declares one of five decisions: public (anyone),
 * read (any key, or anonymous when anonymous read is on), analyst (analyst, reviewer or admin key),
 * reviewer (reviewer or admin key), admin.
 * Keys come as `Authorization: Bearer <key>` or `X-API-Key: <key>`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { roleAtLeast, verifyApiKey, type Role } from '../app/api-keys.ts';
import { AuthenticationError, ForbiddenError, TooManyRequestsError } from '../app/errors.ts';
import type { Store, StoredApiKey } from '../storage/store.ts';
import type { RateLimiter } from './rate-limit.ts';
import { quoteValue } from '../domain/quote.ts';

/** The auth decision of a route. */
export type AuthDecision = 'public' | 'read' | 'analyst' | 'reviewer' | 'admin';
export const AUTH_DECISIONS: readonly AuthDecision[] = ['public', 'read', 'analyst', 'reviewer', 'admin'];

/** The key text a request carries, if any. */
export function keyOf(c: Context): string | null {
  const auth = c.req.header('authorization');
  const header = c.req.header('x-api-key')?.trim() || null;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw new AuthenticationError('invalid Authorization header: use Authorization: Bearer <key>');
    // Which of two keys a request means is not for the server to guess (a proxy may add one): the
    // one it picked could have another role than the caller thinks it used.
    if (header && header !== m[1])
      throw new AuthenticationError(
        'two different API keys: send one, as Authorization: Bearer <key> or X-API-Key: <key>',
      );
    return m[1]!;
  }
  return header;
}

/** The client address (the socket's; forwarding headers are not trusted). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** Settings the guard needs. */
export interface GuardOptions {
  store: Store;
  anonymousRead: boolean;
  limiter: RateLimiter;
}

/** Middleware enforcing a route's decision: authenticate, rate-limit, then authorise. */
export function guard(decision: AuthDecision, o: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    let key: StoredApiKey | null = null;
    const text = decision === 'public' ? safeKeyOf(c) : keyOf(c);
    if (text) {
      key = await verifyApiKey(o.store, text);
      if (!key && decision !== 'public') {
        // Wrong keys spend the address's tokens, so guessing keys is rate-limited too.
        const guess = o.limiter.take(`ip:${clientAddress(c)}`);
        if (!guess.allowed) {
          c.header('retry-after', String(guess.retryAfterS));
          throw new TooManyRequestsError(guess.retryAfterS);
        }
        throw new AuthenticationError('invalid API key: unknown, revoked or mistyped');
      }
    }
    const rate = o.limiter.take(key ? `key:${key.id}` : `ip:${clientAddress(c)}`);
    c.header('x-ratelimit-limit', String(o.limiter.perMinute));
    c.header('x-ratelimit-remaining', String(rate.remaining));
    if (!rate.allowed) {
      c.header('retry-after', String(rate.retryAfterS));
      throw new TooManyRequestsError(rate.retryAfterS);
    }
    if (decision !== 'public') {
      if (!key && !(decision === 'read' && o.anonymousRead))
        throw new AuthenticationError(
          'authentication required: send an API key as Authorization: Bearer <key> or X-API-Key: <key>',
        );
      const needed: Role | null = decision === 'read' ? null : decision;
      if (key && needed && !roleAtLeast(key.role, needed))
        throw new ForbiddenError(
          `forbidden: this route needs the ${needed} role; key ${quoteValue(key.id)} has ${key.role}`,
        );
      if (!key && needed)
        throw new AuthenticationError(
          'authentication required: send an API key as Authorization: Bearer <key> or X-API-Key: <key>',
        );
    }
    c.set('apiKey' as never, key as never);
    await next();
    // Headers set on the context reach answers made through it, not a Response a handler makes itself
    // (a streamed export): those get them here, so every answer says what is left of the rate.
    if (!c.res.headers.has('x-ratelimit-limit')) {
      c.res.headers.set('x-ratelimit-limit', String(o.limiter.perMinute));
      c.res.headers.set('x-ratelimit-remaining', String(rate.remaining));
    }
  };
}

function safeKeyOf(c: Context): string | null {
  try {
    return keyOf(c);
  } catch {
    return null;
  }
}
