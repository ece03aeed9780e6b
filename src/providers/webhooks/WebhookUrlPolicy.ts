import dns from "node:dns";
import net from "node:net";

import type { IPaymentConfiguration } from "../../PaymentConfiguration";
import { PaymentError } from "../../utils/PaymentError";
import type { PaymentContext } from "../PaymentContext";

type Policy = Pick<IPaymentConfiguration["webhook"], "allow_loopback" | "allow_private">;

/**
 * Where outgoing webhooks may go: http(s) only, and never to loopback, private or
 * link-local addresses unless configured (SSRF: a caller must not make us POST into our
 * own network). Checked at registration and again at each delivery, on the addresses the
 * name resolves to then (the delivery connects to the checked address: no DNS rebinding).
 */
export namespace WebhookUrlPolicy {
  const loopback = new net.BlockList();
  loopback.addSubnet("127.0.0.0", 8, "ipv4");
  loopback.addSubnet("0.0.0.0", 8, "ipv4"); // "this host": reaches local services
  loopback.addAddress("::1", "ipv6");
  loopback.addAddress("::", "ipv6");
  const internal = new net.BlockList();
  for (const [a, p] of [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["169.254.0.0", 16], ["100.64.0.0", 10]] as const)
    internal.addSubnet(a, p, "ipv4");
  internal.addSubnet("fc00::", 7, "ipv6");
  internal.addSubnet("fe80::", 10, "ipv6");
  const never = new net.BlockList();
  never.addSubnet("224.0.0.0", 3, "ipv4"); // multicast and reserved
  never.addSubnet("ff00::", 8, "ipv6");

  /** Why this address is refused, or null. */
  export const refuseAddress = (policy: Policy, address: string): string | null => {
    // An IPv6 address that carries an IPv4 address reaches (or names) that IPv4 address.
    const ip = embeddedIPv4(address) ?? address;
    const family = net.isIPv4(ip) ? "ipv4" : net.isIPv6(ip) ? "ipv6" : null;
    if (family === null) return `"${address}" is not an IP address`;
    if (never.check(ip, family)) return `${address} is a multicast or reserved address`;
    if (loopback.check(ip, family)) return policy.allow_loopback ? null : `${address} is a loopback address`;
    if (internal.check(ip, family)) return policy.allow_private ? null : `${address} is a private or link-local address`;
    return null;
  };

  /**
   * The IPv4 address inside an IPv6 one, in every form that routes to it: IPv4-mapped
   * (`::ffff:0:0/96`), IPv4-compatible (`::/96`, deprecated but still parsed by stacks),
   * NAT64 (`64:ff9b::/96`, and the local-use `64:ff9b:1::/48`), 6to4 (`2002::/16`).
   */
  export const embeddedIPv4 = (address: string): string | null => {
    const b = ipv6Bytes(address);
    if (b === null) return null;
    const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
    const v4 = (at: number) => b.slice(at, at + 4).join(".");
    if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12);
    // `::` and `::1` are themselves (unspecified, loopback), not IPv4-compatible.
    if (zero(0, 12) && !zero(12, 15)) return v4(12);
    if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12);
    if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b[4] === 0x00 && b[5] === 0x01) return v4(12);
    if (b[0] === 0x20 && b[1] === 0x02) return v4(2);
    return null;
  };

  /** The 16 bytes of an IPv6 address (with or without an embedded dotted quad), or null. */
  const ipv6Bytes = (address: string): number[] | null => {
    if (!net.isIPv6(address)) return null;
    let text = address.replace(/%.*$/, "");
    const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
    if (quad) {
      const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
      text = text.slice(0, quad.index) + ((a << 8) | b).toString(16) + ":" + ((c << 8) | d).toString(16);
    }
    const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
    const parts = (s: string | undefined) => (s ? s.split(":") : []);
    const left = parts(head);
    const right = tail === null ? [] : parts(tail);
    const groups = tail === null ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
    if (groups.length !== 8) return null;
    return groups.flatMap((g) => {
      const v = parseInt(g, 16);
      return [v >> 8, v & 0xff];
    });
  };

  /** Why this URL is refused by its form (scheme, credentials), or null. */
  export const refuseForm = (url: string): { reason: string } | { url: URL } => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { reason: "not a URL" };
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { reason: "only http and https are allowed" };
    if (parsed.username !== "" || parsed.password !== "") return { reason: "credentials in the URL are not allowed" };
    return { url: parsed };
  };

  /** A URL's hostname without the brackets of an IPv6 literal. */
  const unbracket = (host: string): string => (host.startsWith("[") ? host.slice(1, -1) : host);

  /** Why the first refused one of these addresses is refused, or null. */
  const refuseAny = (policy: Policy, addresses: readonly string[]): string | null => {
    for (const address of addresses) {
      const reason = refuseAddress(policy, address);
      if (reason !== null) return reason;
    }
    return null;
  };

  /** All addresses of the URL's host, each checked; throws the reason of the first refusal. */
  export const resolve = async (policy: Policy, host: string): Promise<{ address: string; family: number }[]> => {
    const bare = unbracket(host);
    const addresses = net.isIP(bare) ? [{ address: bare, family: net.isIP(bare) }] : await dns.promises.lookup(bare, { all: true });
    if (addresses.length === 0) throw new Error(`${host} does not resolve`);
    const reason = refuseAny(policy, addresses.map((a) => a.address));
    if (reason !== null) throw new Error(reason);
    return addresses;
  };

  /** Registration-time check: 422 WEBHOOK_URL_REFUSED with the reason. */
  export const assert = async (ctx: PaymentContext, url: string | null | undefined): Promise<void> => {
    if (url === null || url === undefined) return;
    const form = refuseForm(url);
    if ("reason" in form) throw refused(url, form.reason);
    const bare = unbracket(form.url.hostname);
    const found = net.isIP(bare) ? { addresses: [bare] } : await ctx.webhookHosts.lookup(bare);
    // A name that does not resolve now is not refused (DNS may be down, the host not yet
    // live): each delivery checks again. Only a forbidden address is.
    if ("unresolved" in found) return;
    if ("failed" in found) throw refused(url, found.failed);
    const reason = refuseAny(ctx.config.webhook, found.addresses);
    if (reason !== null) throw refused(url, reason);
  };

  export type HostAnswer = { addresses: string[] } | { unresolved: true } | { failed: string };

  /**
   * The registration-time lookups of webhook hosts, each answer kept `TTL_MS`: a caller names
   * the same host in each of its registrations, and a DNS lookup apiece (on libuv's thread
   * pool, at the resolver's pace) would be the slowest part of one. Waited for at most
   * `WAIT_MS`: a registration is not held by a slow resolver (the answer, when it comes, still
   * serves the next ones). Only advisory, so an answer a little old is harmless: each delivery
   * resolves its host again and connects to the address it checked.
   */
  export class HostLookups {
    public static readonly TTL_MS = 30_000;
    public static readonly WAIT_MS = 1_000;
    private static readonly MAX_HOSTS = 1_000;
    /** `settled` once the lookup has answered: later orders take it without waiting. */
    private readonly answers = new Map<string, HostLookups.IEntry>();

    public constructor(private readonly counted: (outcome: "resolved" | "unresolved" | "failed") => void) {}

    public async lookup(host: string): Promise<HostAnswer> {
      const now = Date.now();
      let entry = this.answers.get(host);
      if (entry === undefined || entry.until <= now) {
        if (entry !== undefined) this.answers.delete(host);
        // Oldest first out: a Map keeps insertion order.
        if (this.answers.size >= HostLookups.MAX_HOSTS) this.answers.delete(this.answers.keys().next().value!);
        const created: HostLookups.IEntry = { until: now + HostLookups.TTL_MS, answer: this.resolve(host) };
        void created.answer.then((answer) => (created.settled = answer));
        this.answers.set(host, created);
        entry = created;
      }
      if (entry.settled !== undefined) return entry.settled;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<HostAnswer>((resolve) => {
        timer = setTimeout(() => resolve({ unresolved: true }), HostLookups.WAIT_MS);
      });
      try {
        return await Promise.race([entry.answer, late]);
      } finally {
        clearTimeout(timer);
      }
    }

    private async resolve(host: string): Promise<HostAnswer> {
      try {
        const found = await dns.promises.lookup(host, { all: true });
        this.counted(found.length > 0 ? "resolved" : "unresolved");
        return found.length > 0 ? { addresses: found.map((a) => a.address) } : { unresolved: true };
      } catch (exp) {
        const code = (exp as { code?: string }).code;
        const unresolved = code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA";
        this.counted(unresolved ? "unresolved" : "failed");
        return unresolved ? { unresolved: true } : { failed: exp instanceof Error ? exp.message : String(exp) };
      }
    }
  }

  export namespace HostLookups {
    export interface IEntry {
      until: number;
      answer: Promise<HostAnswer>;
      settled?: HostAnswer;
    }
  }

  const refused = (url: string, reason: string) =>
    new PaymentError(422, "WEBHOOK_URL_REFUSED", `webhook_url ${JSON.stringify(url.slice(0, 200))} is refused: ${reason}.`);
}
