import { describe, expect, it } from "vitest";
import { parseMeshConfig } from "./parse";
import { sampleText } from "./samples/loadSample";

describe("parseMeshConfig", () => {
  it("parses the YAML sample and the same document as JSON", () => {
    const yaml = parseMeshConfig(sampleText("shop"), "yaml");
    expect(yaml.ok).toBe(true);
    if (!yaml.ok) return;
    const json = parseMeshConfig(JSON.stringify(yaml.config, null, 2), "json");
    expect(json).toEqual(yaml);
  });

  it("reports YAML syntax errors as line:column", () => {
    const text = "services:\n  - name: web\n    labels: {tier: a\n";
    const result = parseMeshConfig(text, "yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: "", line: 4, column: 1 });
    expect(result.errors[0]?.message).toMatch(/^4:1 /);
  });

  it("reports duplicate YAML keys", () => {
    const result = parseMeshConfig("services: []\nservices: []\n", "yaml");
    expect(result).toMatchObject({ ok: false, errors: [{ path: "", line: 2, column: 1 }] });
    if (result.ok) return;
    expect(result.errors[0]?.message).toBe("2:1 Map keys must be unique");
  });

  it("reports JSON syntax errors as line:column", () => {
    const result = parseMeshConfig('{\n  "services": [\n    {"name": "web",}\n  ]\n}', "json");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: "", line: 3 });
    expect(result.errors[0]?.message).toMatch(/^3:\d+ /);
  });

  it("reports schema errors with paths and their position in the source", () => {
    const text = [
      "services:",
      "  - name: web",
      "  - name: reviews",
      "    routes:",
      "      - destinations:",
      "          - service: reviews",
      "            weight: lots",
      "        timeout: soon",
      "",
    ].join("\n");
    const result = parseMeshConfig(text, "yaml");
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "services[1].routes[0].destinations[0].weight",
          message: "Invalid input: expected number, received string",
          line: 7,
          column: 21,
        },
        {
          path: "services[1].routes[0].timeout",
          message: 'must be a duration such as "250ms", "1.5s" or "2m" (units h, m, s, ms)',
          line: 8,
          column: 18,
        },
      ],
    });
  });

  it("points unknown keys at their object", () => {
    const result = parseMeshConfig('{"services": [{"name": "web", "colour": "red"}]}', "json");
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "services[0]", message: 'Unrecognized key: "colour"', line: 1, column: 15 }],
    });
  });

  it("rejects an empty document with a root error", () => {
    const result = parseMeshConfig("", "yaml");
    expect(result).toMatchObject({ ok: false, errors: [{ path: "" }] });
  });

  it("refuses YAML alias bombs", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
    expect(parseMeshConfig(lines.join("\n"), "yaml")).toEqual({
      ok: false,
      errors: [{ path: "", message: "Excessive alias count indicates a resource exhaustion attack" }],
    });
  });

  it("bounds the document size", () => {
    const result = parseMeshConfig(`# ${"x".repeat(3 * 1024 * 1024)}`, "yaml");
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "", message: "document is larger than 2097152 bytes" }],
    });
  });
});
