import { describe, expect, it } from "vitest";
import { type MigrationFile, planMigrations } from "./migrations";

const file = (name: string, checksum = `sum-${name}`): MigrationFile => ({ name, sql: "", checksum });

describe("planMigrations", () => {
  it("returns the files not yet applied, in order", () => {
    const files = [file("20260101000000_a"), file("20260102000000_b"), file("20260103000000_c")];
    const plan = planMigrations(files, [{ name: "20260101000000_a", checksum: "sum-20260101000000_a" }]);
    expect(plan).toEqual({ ok: true, pending: [files[1], files[2]] });
  });

  it("refuses an edited migration", () => {
    const plan = planMigrations(
      [file("20260101000000_a")],
      [{ name: "20260101000000_a", checksum: "other" }],
    );
    expect(plan).toEqual({ ok: false, problem: expect.stringContaining("was changed after it was applied") });
  });

  it("refuses a database that is ahead of the code", () => {
    const plan = planMigrations([], [{ name: "20260101000000_a", checksum: "x" }]);
    expect(plan).toEqual({ ok: false, problem: expect.stringContaining("does not know") });
  });
});
