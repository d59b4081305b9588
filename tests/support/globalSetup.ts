// Replaced by the embedded PostgreSQL test cluster once lib/db lands.
export default async function setup(): Promise<void> {}
