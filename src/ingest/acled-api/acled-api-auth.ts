import { RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { decodeJson } from '../http/decode-json.ts';
import type { SendWithRetry } from '../http/retrying-request.ts';
import { ACLED_CLIENT_ID, AcledTokenSchema, type AcledToken } from './acled-api-schema.ts';

const SERVICE = 'ACLED API';

/** An ACLED OAuth session: the current bearer token, and a way to renew it after a 401. */
export interface AcledSession {
  /** The access token, logging in with the password on first use. */
  bearer(): Promise<string>;
  /** A new access token: refreshes with the refresh token, or logs in again when that is refused. */
  renew(): Promise<string>;
}

/** ACLED account credentials; never put in a message or a log. */
export interface AcledCredentials {
  username: string;
  password: string;
}

/** OAuth error codes that mean the credentials are wrong (league/oauth2-server answers 400 invalid_grant). */
const BAD_CREDENTIALS = new Set(['invalid_grant', 'invalid_credentials']);

/** The OAuth `error` code of a token endpoint answer, when it has a plain one. */
function oauthError(body: string): string | null {
  try {
    const value = JSON.parse(body) as { error?: unknown };
    return typeof value.error === 'string' && /^[a-z_]{1,40}$/.test(value.error) ? value.error : null;
  } catch {
    return null;
  }
}

/** Creates a session against `${baseUrl}/oauth/token` (password grant, client_id `acled`). */
export function createAcledSession(
  send: SendWithRetry,
  baseUrl: string,
  credentials: AcledCredentials,
): AcledSession {
  const tokenUrl = `${baseUrl}/oauth/token`;
  let token: AcledToken | null = null;

  const post = (form: Record<string, string>) =>
    send(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...form, client_id: ACLED_CLIENT_ID }).toString(),
    });

  const login = async (): Promise<AcledToken> => {
    const res = await post({
      username: credentials.username,
      password: credentials.password,
      grant_type: 'password',
    });
    if (res.status >= 200 && res.status < 300)
      return decodeJson(SERVICE, res.body, AcledTokenSchema, 'token response');
    const code = oauthError(res.body);
    if (
      res.status === 401 ||
      res.status === 403 ||
      (res.status === 400 && code !== null && BAD_CREDENTIALS.has(code))
    ) {
      throw new RemoteError(
        'unauthorized',
        `ACLED API: login failed (HTTP ${res.status}); check ACLED_USERNAME and ACLED_PASSWORD`,
        res.status,
      );
    }
    throw new RemoteError(
      'remote_error',
      `ACLED API: token request refused (HTTP ${res.status}${code ? `, ${code}` : ''}): ${quoteValue(tokenUrl)}`,
      res.status,
    );
  };

  const refresh = async (refreshToken: string): Promise<AcledToken | null> => {
    const res = await post({ grant_type: 'refresh_token', refresh_token: refreshToken });
    if (res.status >= 200 && res.status < 300)
      return decodeJson(SERVICE, res.body, AcledTokenSchema, 'token response');
    if (res.status >= 400 && res.status < 500) return null; // expired or revoked: log in again
    throw new RemoteError(
      'remote_error',
      `ACLED API: token refresh failed (HTTP ${res.status}): ${quoteValue(tokenUrl)}`,
      res.status,
    );
  };

  return {
    async bearer() {
      token ??= await login();
      return token.access_token;
    },
    async renew() {
      const previous = token?.refresh_token;
      const renewed = previous ? await refresh(previous) : null;
      // A refresh answer without a new refresh token leaves the old one in force.
      token = renewed ? { ...renewed, refresh_token: renewed.refresh_token ?? previous } : await login();
      return token.access_token;
    },
  };
}
