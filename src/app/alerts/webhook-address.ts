/**
 * Where a webhook may not point (docs/security.md, "Webhooks"): link-local addresses (169.254.0.0/16,
 * where clouds serve instance metadata and credentials at 169.254.169.254, and fe80::/10), the
 * unspecified ones (0.0.0.0/8, ::, which reach this host) and the two cloud metadata addresses
 * outside link-local (AWS's fd00:ec2::254, Alibaba's 100.100.100.200). Loopback and private
 * addresses stay allowed: people run local relays, and tests deliver to 127.0.0.1.
 *
 * A rule's URL is checked when the rule is added (an address written in it); each delivery checks it
 * again, and every address its host name resolves to, inside the connection's own lookup, so a name
 * cannot resolve to one address for the check and another for the connection.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { quoteValue } from '../../domain/quote.ts';

const LINK_LOCAL_V4 = new BlockList();
LINK_LOCAL_V4.addSubnet('169.254.0.0', 16, 'ipv4');
const LINK_LOCAL_V6 = new BlockList();
LINK_LOCAL_V6.addSubnet('fe80::', 10, 'ipv6');
const UNSPECIFIED = new BlockList();
UNSPECIFIED.addSubnet('0.0.0.0', 8, 'ipv4');
UNSPECIFIED.addAddress('::', 'ipv6');
const METADATA = new BlockList();
METADATA.addAddress('fd00:ec2::254', 'ipv6');
METADATA.addAddress('100.100.100.200', 'ipv4');

/** Why a webhook may not reach an IP address (`a link-local address, where ...`), or null when it may. */
export function refusedAddress(address: string): string | null {
  const family = isIP(address);
  if (!family) return null;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  // BlockList also matches IPv4-mapped IPv6 addresses (::ffff:169.254.169.254) against IPv4 rules.
  if (LINK_LOCAL_V4.check(address, type)) return 'a link-local address, where clouds serve instance metadata';
  if (LINK_LOCAL_V6.check(address, type)) return 'a link-local address';
  if (UNSPECIFIED.check(address, type)) return 'an unspecified address, which reaches this host';
  if (METADATA.check(address, type)) return 'a cloud instance metadata address';
  return null;
}

/** Why a webhook URL may not be used, when its host is an address written in it (`169.254.169.254 is a link-local address, ...`); else null. */
export function refusedWebhookHost(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  const why = refusedAddress(host);
  return why && `${host} is ${why}`;
}

/** A delivery refused because its host name resolved to an address webhooks may not reach. */
export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
}

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * The lookup a delivery connects with: the system resolver's answer, refused whole when any address
 * of the name is one webhooks may not reach. `resolve` is the system resolver unless a test gives one.
 */
export function webhookLookup(resolve: Resolve = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const why = refusedAddress(a.address);
        if (why)
          return callback(
            new RefusedAddressError(`${quoteValue(hostname)} resolves to ${a.address}, ${why}`),
            '',
            0,
          );
      }
      if (options.all) return (callback as (e: null, all: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(
          Object.assign(new Error(`${quoteValue(hostname)} has no address`), { code: 'ENOTFOUND' }),
          '',
          0,
        );
      callback(null, first.address, first.family);
    });
  };
}
