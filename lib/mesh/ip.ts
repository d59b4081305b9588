/**
 * IP literal checks without node:net, because lib/mesh also runs in the browser (policy forms).
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function isIpv4Literal(text: string): boolean {
  return IPV4.test(text);
}

export function isIpv6Literal(text: string): boolean {
  if (text.length > 45 || text.includes("%")) return false;
  let groups = 8;
  let body = text;
  // A trailing dotted quad stands for two groups (e.g. ::ffff:10.0.0.1).
  const lastColon = body.lastIndexOf(":");
  if (lastColon >= 0 && body.slice(lastColon + 1).includes(".")) {
    if (!isIpv4Literal(body.slice(lastColon + 1))) return false;
    body = `${body.slice(0, lastColon + 1)}0`;
    groups = 7;
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const parts = halves.map((half) => (half.length === 0 ? [] : half.split(":")));
  const count = parts.reduce((sum, part) => sum + part.length, 0);
  if (!parts.every((part) => part.every((group) => HEX_GROUP.test(group)))) return false;
  // "::" stands for at least one zero group.
  return halves.length === 2 ? count <= groups - 1 : count === groups;
}

export function isIpLiteral(text: string): boolean {
  return isIpv4Literal(text) || isIpv6Literal(text);
}
