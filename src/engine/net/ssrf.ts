/**
 * Guard against requests to private / internal addresses (Langflow's SSRF protection).
 *
 * Off by default so local test servers work. Turn it on with LANGFLOW_SSRF_PROTECTION_ENABLED=true.
 * LANGFLOW_SSRF_ALLOWED_HOSTS (comma separated) lists exceptions: host names, `*.example.com`
 * wildcards, IP addresses and CIDR ranges (`10.0.0.0/8`, `fd00::/8`).
 *
 * The check runs on the address a host name actually resolves to (at connect time, through the
 * socket `lookup` hook in http-client.ts), so DNS rebinding cannot slip past it.
 */
import * as dns from 'dns';
import * as net from 'net';

export class SsrfBlockedError extends Error {
  constructor(
    public readonly host: string,
    public readonly address?: string,
  ) {
    super(
      `Request to '${host}'${address && address !== host ? ` (${address})` : ''} was blocked: ` +
        'private, loopback, link-local and other internal addresses are not allowed (SSRF protection).',
    );
    this.name = 'SsrfBlockedError';
  }
}

function envFlag(v: string | undefined): boolean {
  return !!v && ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());
}

export interface SsrfPolicy {
  enabled: boolean;
  allowedHosts: string[];
}

export function ssrfPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): SsrfPolicy {
  return {
    enabled: envFlag(env.LANGFLOW_SSRF_PROTECTION_ENABLED),
    allowedHosts: (env.LANGFLOW_SSRF_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  };
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

function inV4Cidr(ip: string, base: string, bits: number): boolean {
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (~0 << (32 - bits)) >>> 0;
  return (ipv4ToInt(ip) & mask) === (ipv4ToInt(base) & mask);
}

/** Expand an IPv6 address to 8 16-bit groups. */
function ipv6Groups(ip: string): number[] {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // embedded IPv4 tail
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = ipv4ToInt(v4[1]);
    s = s.slice(0, -v4[1].length) + ((n >>> 16) & 0xffff).toString(16) + ':' + (n & 0xffff).toString(16);
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const fill = s.includes('::') ? 8 - h.length - t.length : 0;
  return [...h, ...Array(fill).fill('0'), ...t].map((g) => parseInt(g || '0', 16));
}

function inV6Cidr(ip: string, base: string, bits: number): boolean {
  const a = ipv6Groups(ip);
  const b = ipv6Groups(base);
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const m = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((a[i] & m) !== (b[i] & m)) return false;
  }
  return true;
}

const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const V6_BLOCKED: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
];

/** True for loopback, private, link-local, CGNAT, multicast, reserved and documentation ranges. */
export function isPrivateAddress(ip: string): boolean {
  const kind = net.isIP(ip.replace(/%.*$/, ''));
  if (kind === 4) return V4_BLOCKED.some(([b, n]) => inV4Cidr(ip, b, n));
  if (kind === 6) {
    const g = ipv6Groups(ip);
    // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96)
    const mapped = g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0);
    const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
    if ((mapped && !(g[5] === 0 && g[6] === 0)) || nat64) {
      const v4 = `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
      return isPrivateAddress(v4);
    }
    return V6_BLOCKED.some(([b, n]) => inV6Cidr(ip, b, n));
  }
  return true; // not an IP at all: refuse
}

function hostAllowed(host: string, address: string | undefined, allowed: string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const rule of allowed) {
    if (rule === h) return true;
    if (rule.startsWith('*.') && (h.endsWith(rule.slice(1)) || h === rule.slice(2))) return true;
    const slash = rule.indexOf('/');
    const target = address ?? (net.isIP(h) ? h : undefined);
    if (!target) continue;
    if (slash > 0) {
      const base = rule.slice(0, slash);
      const bits = Number(rule.slice(slash + 1));
      const kb = net.isIP(base);
      const kt = net.isIP(target);
      if (kb === 4 && kt === 4 && inV4Cidr(target, base, bits)) return true;
      if (kb === 6 && kt === 6 && inV6Cidr(target, base, bits)) return true;
    } else if (rule === target) return true;
  }
  return false;
}

/** Throws SsrfBlockedError when the policy forbids connecting to `address` for `host`. */
export function assertAddressAllowed(host: string, address: string, policy: SsrfPolicy): void {
  if (!policy.enabled) return;
  if (hostAllowed(host, address, policy.allowedHosts)) return;
  if (isPrivateAddress(address)) throw new SsrfBlockedError(host, address);
}

/** Early check on the URL itself (scheme, literal IPs, localhost names). */
export function assertUrlAllowed(url: URL, policy: SsrfPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Unsupported URL scheme '${url.protocol}' (only http and https are allowed).`);
  }
  if (!policy.enabled) return;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (hostAllowed(host, undefined, policy.allowedHosts)) return;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
    throw new SsrfBlockedError(host);
  }
  if (net.isIP(host) && isPrivateAddress(host)) throw new SsrfBlockedError(host, host);
}

/**
 * Full check of a URL that came from a flow (e.g. a node's `openai_api_base`): scheme, then every
 * address its host resolves to. No-op when the policy is off.
 */
export async function assertUrlResolvesPublic(urlStr: string, policy: SsrfPolicy = ssrfPolicyFromEnv()): Promise<void> {
  if (!policy.enabled) return;
  const url = new URL(urlStr);
  assertUrlAllowed(url, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (hostAllowed(host, undefined, policy.allowedHosts)) return;
  const addresses = net.isIP(host) ? [{ address: host }] : await dns.promises.lookup(host, { all: true });
  for (const a of addresses) assertAddressAllowed(host, a.address, policy);
}
