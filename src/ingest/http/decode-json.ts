import type { ZodType } from 'zod';
import { oneLine, RemoteError } from '../../domain/errors.ts';

/** The first issue of a failed validation as one line: `Result: Invalid input: expected array, received string`. */
export function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length ? issue.path.map(String).join('.') : 'body';
  return oneLine(`${where}: ${issue.message}`);
}

/** Parses a response body as JSON, or throws `<service>: unexpected <what>: not JSON (...)`. */
export function parseJsonBody(service: string, body: string, what = 'response'): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new RemoteError('remote_error', `${service}: unexpected ${what}: not JSON (${oneLine(e)})`);
  }
}

/** Checks a parsed body against the documented shape, or throws `<service>: unexpected <what>: <first issue>`. */
export function checkShape<T>(service: string, value: unknown, schema: ZodType<T>, what = 'response'): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new RemoteError(
      'remote_error',
      `${service}: unexpected ${what}: ${firstIssue(parsed.error.issues)}`,
    );
  return parsed.data;
}

/** Parses and checks a response body in one step. */
export function decodeJson<T>(service: string, body: string, schema: ZodType<T>, what = 'response'): T {
  return checkShape(service, parseJsonBody(service, body, what), schema, what);
}

/** Up to `max` characters of a response body on one line, for error messages. */
export function snippet(body: string, max = 200): string {
  const line = oneLine(body);
  return line.length > max ? `${line.slice(0, max)}...` : line;
}
