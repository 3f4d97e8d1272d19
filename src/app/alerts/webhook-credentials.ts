/**
 * Webhook URLs that carry a user name or password (`https://relay:s3cret@hooks.example.org/h`).
 * They are refused when a rule is added, but rules stored before the refusal may still hold one, and
 * every listing (rules and deliveries, CLI and API) shows such a URL as `https://***@host/...`,
 * never the secret. Deliveries still go to the URL as stored: the receiver may rely on it.
 */

/** Whether a URL carries a user name or password. */
export function hasWebhookCredentials(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return u.username !== '' || u.password !== '';
}

/** The URL as listed: a user name and password become `***`; any other URL is shown as stored. */
export function shownWebhookUrl(url: string): string {
  if (!hasWebhookCredentials(url)) return url;
  const u = new URL(url);
  return `${u.protocol}//***@${u.host}${u.pathname}${u.search}${u.hash}`;
}

/** Any text (an attempt's error) with the stored URL in it replaced by the URL as listed. */
export function withoutWebhookCredentials(text: string, url: string): string {
  return hasWebhookCredentials(url) ? text.split(url).join(shownWebhookUrl(url)) : text;
}

/** What a listing says of a rule whose URL carries credentials: that it does, and how to replace it. */
export function webhookCredentialsNote(ruleId: number): string {
  return `the webhook URL carries a user name or password, listed as ***: remove the rule (faultline alerts rules remove ${ruleId}, DELETE /api/v1/alerts/rules/${ruleId}) and add it again with the URL without them; the receiver checks the signature instead (docs/security.md)`;
}
