import { z } from "zod";
import { DomainError } from "@/lib/auth/errors";
import { readBodyLimited } from "@/lib/http/body";
import { LIMITS } from "../schema/limits";
import { parseConfigDocument } from "../store/checkConfig";

/** A config sent to PUT /config or POST /config/dry-run, with what the change carries. */
export interface ConfigRequest {
  /** Schema-checked when it came as a document; the raw `config` value of a JSON envelope otherwise. */
  config: unknown;
  message?: string;
  expectedRevision?: number;
  /** The document as sent (not for envelopes), so validation problems can be given line numbers. */
  documentText?: string;
}

const YAML_TYPES = /^(application|text)\/(x-)?yaml\b/i;
const JSON_TYPE = /^application\/json\b/i;

const envelopeSchema = z.strictObject({
  config: z.unknown(),
  message: z.string().max(1024).optional(),
  expectedRevision: z.number().int().min(0).max(2_000_000_000).optional(),
});

const metaSchema = z.object({
  message: z.string().max(1024).optional(),
  expectedRevision: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
});

/**
 * Reads a config from a request. YAML (`Content-Type: application/yaml`) and plain JSON documents carry
 * their message and expected revision in the query (`?message=…&expectedRevision=5`) or `If-Match: "5"`;
 * a JSON envelope `{"config": {...}, "message", "expectedRevision"}` carries them inside.
 */
export async function readConfigRequest(request: Request): Promise<ConfigRequest> {
  const type = request.headers.get("content-type") ?? "";
  const isYaml = YAML_TYPES.test(type);
  if (!isYaml && !JSON_TYPE.test(type)) {
    throw new DomainError(
      415,
      "unsupported_media_type",
      "send the config as Content-Type: application/yaml or application/json",
    );
  }
  // The document limit plus room for the envelope.
  const bytes = await readBodyLimited(request, LIMITS.documentBytes + 64 * 1024);
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "")
    throw new DomainError(400, "invalid_request", "the request body is empty; send a mesh config");
  const meta = readMeta(request);
  if (isYaml) return { ...meta, config: parseConfigDocument(text, "yaml"), documentText: text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Let the document parser report where the JSON breaks.
    return { ...meta, config: parseConfigDocument(text, "json"), documentText: text };
  }
  if (json !== null && typeof json === "object" && !Array.isArray(json) && "config" in json) {
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      const issue = envelope.error.issues[0];
      throw new DomainError(
        400,
        "invalid_request",
        `invalid body: ${issue?.path.join(".")}: ${issue?.message}`,
      );
    }
    return mergeMeta(meta, envelope.data);
  }
  return { ...meta, config: parseConfigDocument(text, "json"), documentText: text };
}

/** `?message` and `?expectedRevision`, or `If-Match: "<revision>"`. */
export function readMeta(request: Request): Omit<ConfigRequest, "config"> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = metaSchema.safeParse({ message: params.message, expectedRevision: params.expectedRevision });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(
      400,
      "invalid_request",
      `invalid query: ${issue?.path.join(".")}: ${issue?.message}`,
    );
  }
  const out: Omit<ConfigRequest, "config"> = {};
  if (parsed.data.message !== undefined) out.message = parsed.data.message;
  const ifMatch = request.headers.get("if-match");
  const fromHeader = ifMatch === null ? undefined : parseRevisionTag(ifMatch);
  if (ifMatch !== null && fromHeader === undefined) {
    throw new DomainError(
      400,
      "invalid_request",
      `If-Match must be a revision ETag such as "5", not ${ifMatch}`,
    );
  }
  const expected = mergeExpected(parsed.data.expectedRevision, fromHeader);
  if (expected !== undefined) out.expectedRevision = expected;
  return out;
}

/** The ETag of a revision, as GET /config sends it. */
export function revisionTag(number: number): string {
  return `"${number}"`;
}

function parseRevisionTag(value: string): number | undefined {
  const match = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(value);
  const number = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(number) && number <= 2_000_000_000 ? number : undefined;
}

function mergeExpected(a: number | undefined, b: number | undefined): number | undefined {
  if (a !== undefined && b !== undefined && a !== b) {
    throw new DomainError(400, "invalid_request", `expectedRevision ${a} and If-Match ${b} disagree`);
  }
  return a ?? b;
}

function mergeMeta(
  meta: Omit<ConfigRequest, "config">,
  envelope: z.infer<typeof envelopeSchema>,
): ConfigRequest {
  const out: ConfigRequest = { config: envelope.config };
  const message = envelope.message ?? meta.message;
  if (message !== undefined) out.message = message;
  const expected = mergeExpected(envelope.expectedRevision, meta.expectedRevision);
  if (expected !== undefined) out.expectedRevision = expected;
  return out;
}
