/** How the upstream pools key an endpoint's connections: "address:port", as given (IPv6 without brackets). */
export function endpointKey(address: string, port: number): string {
  return `${address}:${port}`;
}
