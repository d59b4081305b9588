import type { z } from "zod";
import { formatPath, type PathSegment } from "./path";

export interface PathMessage {
  path: string;
  message: string;
}

/** Maps a zod issue to the config path format (`services[2].routes[0].timeout`) and a useful message. */
export function describeZodIssue(issue: z.core.$ZodIssue): PathMessage {
  const segments = issue.path.filter((segment): segment is PathSegment => typeof segment !== "symbol");
  let message = issue.message;
  // A bad record key reports "Invalid key in record"; the key's own rule says why.
  if (issue.code === "invalid_key") {
    const inner = issue.issues[0]?.message;
    if (inner !== undefined) message = `invalid key: ${inner}`;
  }
  return { path: formatPath(segments), message };
}

export function describeZodError(error: z.ZodError): PathMessage[] {
  return error.issues.map(describeZodIssue);
}
