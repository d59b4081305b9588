import { DomainError } from "@/lib/auth/errors";
import { readBodyLimited } from "@/lib/http/body";
import { type CommitOptions, commitOptionsSchema } from "../store/changes";
import { readMeta } from "./configRequest";

const MAX_OPTIONS_BYTES = 16 * 1024;

/**
 * For writes whose only input is why and on what revision: an optional JSON body `{message,
 * expectedRevision}`, or the same in the query (`?message=…&expectedRevision=5`) or `If-Match`.
 */
export async function readCommitOptions(request: Request): Promise<CommitOptions> {
  const meta = readMeta(request);
  const bytes = await readBodyLimited(request, MAX_OPTIONS_BYTES);
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") return meta;
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new DomainError(415, "unsupported_media_type", "send the body as Content-Type: application/json");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DomainError(400, "invalid_json", `request body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = commitOptionsSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
    throw new DomainError(
      400,
      "invalid_request",
      `invalid body: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
      details,
    );
  }
  const expected = parsed.data.expectedRevision ?? meta.expectedRevision;
  const message = parsed.data.message ?? meta.message;
  return {
    ...(message !== undefined ? { message } : {}),
    ...(expected !== undefined ? { expectedRevision: expected } : {}),
  };
}
