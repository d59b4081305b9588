/**
 * The message types the sidecar decodes itself: DiscoveryResponse, and every message declared in the
 * control plane's proto files (the four resource types and the extension types a resource may carry in a
 * google.protobuf.Any). Everything they reach is added by derivation.
 */
import type protobuf from "protobufjs";
import { DISCOVERY_RESPONSE_TYPE } from "./schema";

export function sidecarRootTypes(root: protobuf.Root, protoFiles: readonly string[]): string[] {
  const suffixes = protoFiles.map((file) => `/${file}`);
  const names = new Set<string>([DISCOVERY_RESPONSE_TYPE]);
  const visit = (namespace: protobuf.NamespaceBase) => {
    for (const nested of namespace.nestedArray) {
      if ("fieldsArray" in nested) {
        const filename = (nested.filename ?? "").replaceAll("\\", "/");
        if (suffixes.some((suffix) => filename.endsWith(suffix))) names.add(nested.fullName.slice(1));
      }
      if ("nestedArray" in nested) visit(nested as protobuf.NamespaceBase);
    }
  };
  visit(root);
  return [...names].sort();
}
