import type { Attributes, AttributeValue } from "../rows";

/** Stands in for an array / key-value-list value nested deeper than the limit. */
export const TOO_DEEP_MARK = "…[nested too deep]";

/** Sets one attribute; a `__proto__` key becomes an ordinary property instead of replacing the prototype. */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A decoded resource: its service and attributes, shared by every row it heads. */
export interface ResourceInfo {
  service: string;
  attributes: Attributes;
}

/** The service a resource belongs to: `service.name` when it is a non-empty string. */
export function serviceNameOf(resourceAttributes: Attributes): string | null {
  const name = resourceAttributes["service.name"];
  return typeof name === "string" && name.length > 0 ? name : null;
}
