/**
 * Prints the sidecar's decoding schema as JSON on stdout. bin/proxy-bundle.mjs bundles this file and runs
 * it in a child process at build time, so the process that builds (and then runs) the sidecar never loads
 * protobufjs.
 */
import { decodingSchema } from "./source";

process.stdout.write(JSON.stringify(decodingSchema()));
