// The sidecar as one plain JavaScript file (esbuild, dependencies left external), so `weft proxy` and the
// demo's sidecars run without tsx: about 30 MB less resident memory per sidecar. Built on first use into
// node_modules/.cache/weft/ and rebuilt when any source file that went into it is newer.
//
// The sidecar decodes xDS without protobufjs (docs/adr/0006-sidecar-xds-decoder.md): its decoding schema
// is computed here, at build time, in a child process (this process goes on to run the sidecar and must
// not load protobufjs), and inlined in place of lib/proxy/xds/schema/source.ts.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const SCHEMA_MODULE = "lib/proxy/xds/schema/source.ts";
const SCHEMA_PRINTER = "lib/proxy/xds/schema/print-schema.ts";
// Not bundled (packages are external), but the schema is read from them: a new version means a rebuild.
const SCHEMA_PACKAGES = [
  "node_modules/protobufjs/package.json",
  "node_modules/@grpc/grpc-js-xds/package.json",
];

/** Path of the bundle of `entry` (relative to `root`), built or rebuilt if needed. */
export async function proxyBundle(root, entry = "lib/proxy/cli/entry.ts") {
  const dir = cacheDir(root);
  const name = path.basename(entry, ".ts");
  const outfile = path.join(dir, `${name}.mjs`);
  const inputsFile = path.join(dir, `${name}.inputs.json`);
  if (isFresh(root, outfile, inputsFile)) return outfile;
  fs.mkdirSync(dir, { recursive: true });
  // Written beside and renamed, so a sidecar starting at the same moment never reads half a file.
  const temporary = `${outfile}.${process.pid}.tmp`;
  try {
    const { inputs } = await buildProxyBundle(root, entry, temporary);
    fs.writeFileSync(inputsFile, JSON.stringify(inputs));
  } finally {
    // esbuild's service process would otherwise live as long as the sidecar.
    const { stop } = await import("esbuild");
    await stop();
  }
  fs.renameSync(temporary, outfile);
  return outfile;
}

/**
 * Builds the sidecar bundle of `entry` into `outfile`; returns the files it was made from (relative to
 * `root`), schema sources included.
 */
export async function buildProxyBundle(root, entry, outfile) {
  const { build } = await import("esbuild");
  const [schema, options] = await Promise.all([xdsSchema(root), proxyBuildOptions(root)]);
  const result = await build({
    ...options,
    entryPoints: [path.join(root, entry)],
    outfile,
    metafile: true,
  });
  return { inputs: [...new Set([...Object.keys(result.metafile.inputs), ...schema.inputs])] };
}

/** The esbuild options every sidecar bundle is built with (entryPoints and outfile left to the caller). */
export async function proxyBuildOptions(root) {
  const schema = await xdsSchema(root);
  return {
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    absWorkingDir: path.resolve(root),
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
    plugins: [sidecarPlugin(root, schema.json)],
  };
}

/**
 * Replaces the schema module with the precomputed schema, and refuses protobufjs anywhere in the bundle
 * (it costs ~16 MB of resident memory per sidecar; an import of it is a mistake to fix, not to ship).
 */
function sidecarPlugin(root, schemaJson) {
  const schemaModule = path.resolve(root, SCHEMA_MODULE);
  const contents = [
    "// The sidecar's xDS decoding schema, computed when this bundle was built (bin/proxy-bundle.mjs).",
    `const schema = JSON.parse(${JSON.stringify(schemaJson)});`,
    "export function decodingSchema() {",
    "  return schema;",
    "}",
    "",
  ].join("\n");
  return {
    name: "weft-sidecar",
    setup(build) {
      build.onLoad({ filter: /[\\/]source\.ts$/ }, (args) =>
        path.resolve(args.path) === schemaModule ? { contents, loader: "js" } : undefined,
      );
      build.onResolve({ filter: /^protobufjs(\/.*)?$/ }, (args) => ({
        errors: [
          {
            text:
              `protobufjs must not be part of the sidecar bundle, but ${path.relative(root, args.importer)} ` +
              "imports it (see docs/adr/0006-sidecar-xds-decoder.md)",
          },
        ],
      }));
    },
  };
}

const schemas = new Map();

/** The decoding schema as JSON text, computed once per process and root: { json, inputs }. */
function xdsSchema(root) {
  const key = path.resolve(root);
  let schema = schemas.get(key);
  if (!schema) {
    schema = computeSchema(key);
    schemas.set(key, schema);
    schema.catch(() => schemas.delete(key));
  }
  return schema;
}

async function computeSchema(root) {
  const { build } = await import("esbuild");
  const dir = cacheDir(root);
  fs.mkdirSync(dir, { recursive: true });
  // Under root, so the bundle's external imports (protobufjs, the Envoy protos) resolve from node_modules.
  const printer = path.join(dir, `xds-schema-printer.${process.pid}.mjs`);
  try {
    const result = await build({
      entryPoints: [path.join(root, SCHEMA_PRINTER)],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      absWorkingDir: root,
      outfile: printer,
      tsconfig: path.join(root, "tsconfig.json"),
      metafile: true,
      logLevel: "warning",
    });
    const { stdout } = await promisify(execFile)(process.execPath, [printer], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    });
    const parsed = JSON.parse(stdout);
    if (typeof parsed?.messages !== "object" || typeof parsed?.enums !== "object")
      throw new Error("the schema printer wrote no schema");
    const inputs = [...Object.keys(result.metafile.inputs), ...SCHEMA_PACKAGES];
    return { json: stdout, inputs };
  } catch (error) {
    throw new Error(`cannot compute the sidecar's xDS decoding schema: ${error.message}`);
  } finally {
    fs.rmSync(printer, { force: true });
  }
}

function cacheDir(root) {
  return path.join(root, "node_modules", ".cache", "weft");
}

function isFresh(root, outfile, inputsFile) {
  try {
    const built = fs.statSync(outfile).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    return inputs.every((input) => fs.statSync(path.resolve(root, input)).mtimeMs <= built);
  } catch {
    return false;
  }
}
