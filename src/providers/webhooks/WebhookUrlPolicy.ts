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
    let ip = address;
    // An IPv4-mapped IPv6 address is the IPv4 address.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) ip = mapped[1]!;
    const family = net.isIPv4(ip) ? "ipv4" : net.isIPv6(ip) ? "ipv6" : null;
    if (family === null) return `"${address}" is not an IP address`;
    if (never.check(ip, family)) return `${address} is a multicast or reserved address`;
    if (loopback.check(ip, family)) return policy.allow_loopback ? null : `${address} is a loopback address`;
    if (internal.check(ip, family)) return policy.allow_private ? null : `${address} is a private or link-local address`;
    return null;
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

  /** All addresses of the URL's host, each checked; throws the reason of the first refusal. */
  export const resolve = async (policy: Policy, host: string): Promise<{ address: string; family: number }[]> => {
    const bare = host.startsWith("[") ? host.slice(1, -1) : host;
    const addresses = net.isIP(bare) ? [{ address: bare, family: net.isIP(bare) }] : await dns.promises.lookup(bare, { all: true });
    if (addresses.length === 0) throw new Error(`${host} does not resolve`);
    for (const a of addresses) {
      const reason = refuseAddress(policy, a.address);
      if (reason !== null) throw new Error(reason);
    }
    return addresses;
  };

  /** Registration-time check: 422 WEBHOOK_URL_REFUSED with the reason. */
  export const assert = async (ctx: PaymentContext, url: string | null | undefined): Promise<void> => {
    if (url === null || url === undefined) return;
    const form = refuseForm(url);
    if ("reason" in form) throw refused(url, form.reason);
    try {
      await resolve(ctx.config.webhook, form.url.hostname);
    } catch (exp) {
      // A name that does not resolve now is not refused (DNS may be down, the host not yet
      // live): each delivery checks again. Only a forbidden address is.
      const code = (exp as { code?: string }).code;
      if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") return;
      throw refused(url, exp instanceof Error ? exp.message : String(exp));
    }
  };

  const refused = (url: string, reason: string) =>
    new PaymentError(422, "WEBHOOK_URL_REFUSED", `webhook_url ${JSON.stringify(url.slice(0, 200))} is refused: ${reason}.`);
}
