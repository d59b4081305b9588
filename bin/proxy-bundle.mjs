// The sidecar as one plain JavaScript file (esbuild, dependencies left external), so `weft proxy` and the
// demo's sidecars run without tsx: about 30 MB less resident memory per sidecar. Built on first use into
// node_modules/.cache/weft/ and rebuilt when any source file that went into it is newer.
import fs from "node:fs";
import path from "node:path";

/** Path of the bundle of `entry` (relative to `root`), built or rebuilt if needed. */
export async function proxyBundle(root, entry = "lib/proxy/cli/entry.ts") {
  const dir = path.join(root, "node_modules", ".cache", "weft");
  const name = path.basename(entry, ".ts");
  const outfile = path.join(dir, `${name}.mjs`);
  const inputsFile = path.join(dir, `${name}.inputs.json`);
  if (isFresh(root, outfile, inputsFile)) return outfile;
  const { build, stop } = await import("esbuild");
  fs.mkdirSync(dir, { recursive: true });
  // Written beside and renamed, so a sidecar starting at the same moment never reads half a file.
  const temporary = `${outfile}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: temporary,
    tsconfig: path.join(root, "tsconfig.json"),
    metafile: true,
    logLevel: "warning",
  });
  // esbuild's service process would otherwise live as long as the sidecar.
  await stop();
  fs.writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
  fs.renameSync(temporary, outfile);
  return outfile;
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
