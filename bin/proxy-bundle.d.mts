/** Path of the esbuild bundle of `entry` (relative to `root`), built or rebuilt if needed. */
export function proxyBundle(root: string, entry?: string): Promise<string>;
