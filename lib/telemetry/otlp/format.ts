/** The two OTLP/HTTP payload encodings. */
export type OtlpFormat = "protobuf" | "json";

export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpFormat, string>> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

/** The format named by a Content-Type header (parameters and case ignored), or null when it is neither. */
export function formatOfContentType(contentType: string | null | undefined): OtlpFormat | null {
  if (!contentType) return null;
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  if (mediaType === "application/x-protobuf" || mediaType === "application/protobuf") return "protobuf";
  if (mediaType === "application/json") return "json";
  return null;
}
