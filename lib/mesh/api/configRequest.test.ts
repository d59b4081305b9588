import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/auth/errors";
import { readCommitOptions } from "./commitOptions";
import { readConfigRequest } from "./configRequest";

const request = (body: string, type: string, query = "", headers: Record<string, string> = {}) =>
  new Request(`http://weft.test/api/v1/config${query}`, {
    method: "PUT",
    body,
    headers: { "content-type": type, ...headers },
  });

async function failure(run: Promise<unknown>): Promise<DomainError> {
  const error = await run.catch((e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe("readConfigRequest", () => {
  it("reads a YAML document with its message and expected revision from the query", async () => {
    const result = await readConfigRequest(
      request("services:\n  - name: web\n", "application/yaml", "?message=hello&expectedRevision=4"),
    );
    expect(result).toEqual({
      config: { services: [{ name: "web" }] },
      message: "hello",
      expectedRevision: 4,
      documentText: "services:\n  - name: web\n",
    });
  });

  it("reads a JSON envelope, or a plain JSON document with If-Match", async () => {
    const envelope = await readConfigRequest(
      request(
        JSON.stringify({ config: { services: [] }, message: "m", expectedRevision: 2 }),
        "application/json",
      ),
    );
    expect(envelope).toEqual({ config: { services: [] }, message: "m", expectedRevision: 2 });
    const plain = await readConfigRequest(
      request('{"services": []}', "application/json; charset=utf-8", "", { "if-match": '"9"' }),
    );
    expect(plain).toEqual({
      config: { services: [] },
      expectedRevision: 9,
      documentText: '{"services": []}',
    });
  });

  it("reports syntax and schema errors with paths and positions", async () => {
    const syntax = await failure(readConfigRequest(request("services:\n  - name: [\n", "text/yaml")));
    expect(syntax.status).toBe(400);
    expect(syntax.code).toBe("invalid_config");
    expect(syntax.details).toEqual([
      expect.objectContaining({ path: "", line: 3, column: 1, message: expect.stringMatching(/^3:1 /) }),
    ]);
    const schema = await failure(
      readConfigRequest(request("services:\n  - name: Web\n    colour: red\n", "application/yaml")),
    );
    expect(schema.details).toEqual([
      expect.objectContaining({ path: "services[0].name", line: 2 }),
      expect.objectContaining({ path: "services[0]", message: expect.stringContaining("colour") }),
    ]);
    expect(schema.message).toMatch(
      /^the mesh config has 2 problems, nothing was applied: services\[0\]\.name: /,
    );
    const json = await failure(readConfigRequest(request('{"services": [}', "application/json")));
    expect(json.details).toEqual([expect.objectContaining({ line: 1 })]);
  });

  it("refuses other media types, empty bodies and disagreeing revisions", async () => {
    expect((await failure(readConfigRequest(request("x", "text/plain")))).status).toBe(415);
    expect((await failure(readConfigRequest(request("  ", "application/yaml")))).message).toMatch(/empty/);
    const disagree = await failure(
      readConfigRequest(
        request("services: []", "application/yaml", "?expectedRevision=1", { "if-match": '"2"' }),
      ),
    );
    expect(disagree.message).toBe("expectedRevision 1 and If-Match 2 disagree");
    const badTag = await failure(
      readConfigRequest(request("services: []", "application/yaml", "", { "if-match": "*" })),
    );
    expect(badTag.message).toBe('If-Match must be a revision ETag such as "5", not *');
  });
});

describe("readCommitOptions", () => {
  const post = (body: string | undefined, query = "", type = "application/json") =>
    new Request(`http://weft.test/api/v1/faults/clear-all${query}`, {
      method: "POST",
      ...(body !== undefined ? { body, headers: { "content-type": type } } : {}),
    });

  it("accepts no body, a JSON body, or the query", async () => {
    expect(await readCommitOptions(post(undefined))).toEqual({});
    expect(await readCommitOptions(post('{"message":"why","expectedRevision":3}'))).toEqual({
      message: "why",
      expectedRevision: 3,
    });
    expect(await readCommitOptions(post(undefined, "?message=q&expectedRevision=5"))).toEqual({
      message: "q",
      expectedRevision: 5,
    });
  });

  it("rejects unknown fields and non-JSON bodies", async () => {
    const unknown = await failure(readCommitOptions(post('{"mesage":"typo"}')));
    expect(unknown.status).toBe(400);
    expect(unknown.message).toMatch(/mesage/);
    expect((await failure(readCommitOptions(post("hi", "", "text/plain")))).status).toBe(415);
  });
});
