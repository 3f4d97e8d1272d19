/**
 * Webhook URLs that carry a user name or password (`https://relay:s3cret@hooks.example.org/h`).
 * They are refused when a rule is added, but rules stored before the refusal may still hold one, and
 * every listing (rules and deliveries, CLI and API) shows such a URL as `https://***@host/...`,
 * never the secret. Deliveries still go to the URL as stored: the receiver may rely on it. A
 * redirect's Location that carries them is named the same way in the attempt's error (shownLocation).
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

/**
 * A redirect's Location as an attempt's error quotes it: as received, unless it carries a user name
 * or password (`http://u:p@host/x`, `//u:p@host/x`, or any spelling a client reads so), which is shown
 * as `http://***@host/x`, resolved against the webhook's URL as a client would read it. It was
 * quoted as received, password and all, in every listing of the delivery.
 */
export function shownLocation(location: string, webhookUrl: string): string {
  // Resolved against the webhook's URL less its own credentials: a relative Location has none.
  const base = URL.canParse(webhookUrl) ? new URL(webhookUrl) : null;
  if (base) base.username = base.password = '';
  if (!URL.canParse(location, base?.href))
    return location.replace(/^([a-z][a-z\d+.-]*:)?([\\/]{2})[^\\/?#]*@/i, '$1$2***@');
  const u = new URL(location, base?.href);
  return u.username !== '' || u.password !== '' ? shownWebhookUrl(u.href) : location;
}

/**
 * An attempt's error with the Location of a redirect it quotes shown by shownLocation: errors
 * recorded before the Location was redacted when recorded still quote it as received.
 */
export function withoutLocationCredentials(error: string, webhookUrl: string): string {
  return error.replace(/(redirected to )"((?:[^"\\]|\\.)*)"/, (all, head: string, location: string) => {
    const shown = shownLocation(location, webhookUrl);
    return shown === location ? all : `${head}"${shown}"`;
  });
}

/** What a listing says of a rule whose URL carries credentials: that it does, and how to replace it. */
export function webhookCredentialsNote(ruleId: number): string {
  return `the webhook URL carries a user name or password, listed as ***: remove the rule (faultline alerts rules remove ${ruleId}, DELETE /api/v1/alerts/rules/${ruleId}) and add it again with the URL without them; the receiver checks the signature instead (docs/security.md)`;
}
