/** How the upstream pools key an endpoint's connections: "address:port", as given (IPv6 without brackets). */
export function endpointKey(address: string, port: number): string {
  return `${address}:${port}`;
}

/** "http://address:port" for connecting to an endpoint (IPv6 in brackets). */
export function httpOrigin(address: string, port: number): string {
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}
