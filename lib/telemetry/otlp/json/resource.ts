// Resource and instrumentation scope in OTLP/JSON.

import type { IngestLimits } from "../../limits";
import { type Attributes, type InstrumentationScope, UNKNOWN_SERVICE } from "../../rows";
import { type ResourceInfo, serviceNameOf } from "../attributes";
import { locateError } from "../decode-error";
import { objectOf, readJsonAttributes, stringOf } from "./values";

export function decodeJsonResource(value: unknown, limits: Readonly<IngestLimits>): ResourceInfo {
  try {
    const resource = objectOf(value, "resource");
    const attributes: Attributes = {};
    readJsonAttributes(resource.attributes, "attributes", attributes, limits);
    return { service: serviceNameOf(attributes) ?? UNKNOWN_SERVICE, attributes };
  } catch (error) {
    throw locateError(error, "resource");
  }
}

export function decodeJsonScope(value: unknown, limits: Readonly<IngestLimits>): InstrumentationScope {
  try {
    const scope = objectOf(value, "scope");
    return {
      name: stringOf(scope.name, "name", limits.maxStringBytes),
      version: stringOf(scope.version, "version", limits.maxStringBytes),
    };
  } catch (error) {
    throw locateError(error, "scope");
  }
}
