import { DomainError } from "../auth/errors";

/** Reads a request body, refusing (413) as soon as it passes `maxBytes`, declared or streamed. */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError(413, "payload_too_large", `request body is larger than ${maxBytes} bytes`);
}

/** Parses a JSON request body with a size bound and a precise message for malformed JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new DomainError(
      415,
      "unsupported_media_type",
      "send the body as JSON with Content-Type: application/json",
    );
  }
  const bytes = await readBodyLimited(request, maxBytes);
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "")
    throw new DomainError(400, "invalid_json", "request body is empty; expected a JSON object");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError(400, "invalid_json", `request body is not valid JSON: ${(error as Error).message}`);
  }
}
