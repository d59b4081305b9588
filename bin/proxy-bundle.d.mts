import type { BuildOptions } from "esbuild";

/** Path of the esbuild bundle of `entry` (relative to `root`), built or rebuilt if needed. */
export function proxyBundle(root: string, entry?: string): Promise<string>;

/** Builds the sidecar bundle of `entry` into `outfile`; returns the files it was made from. */
export function buildProxyBundle(root: string, entry: string, outfile: string): Promise<{ inputs: string[] }>;

/**
 * The esbuild options of every sidecar bundle, the xDS schema plugin included (entryPoints and outfile
 * are the caller's).
 */
export function proxyBuildOptions(root: string): Promise<BuildOptions>;
