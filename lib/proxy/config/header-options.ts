import type { Diagnostics } from "./diagnostics";
import {
  EMPTY_HEADER_MUTATION,
  type HeaderAppendAction,
  type HeaderMutation,
  type HeaderToAdd,
} from "./route-model";
import {
  boolField,
  enumField,
  isObject,
  listField,
  objectField,
  stringField,
  wrappedBool,
  type XdsObject,
} from "./xds-values";

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-zA-Z]+$/;
const APPEND_ACTIONS = [
  "APPEND_IF_EXISTS_OR_ADD",
  "ADD_IF_ABSENT",
  "OVERWRITE_IF_EXISTS_OR_ADD",
  "OVERWRITE_IF_EXISTS",
] as const;
// Pseudo-headers and hop-by-hop headers cannot be changed by configuration (Envoy rejects them too).
const PROTECTED = new Set([
  ":authority",
  ":path",
  ":method",
  ":scheme",
  "host",
  "connection",
  "transfer-encoding",
]);

/** Builds a HeaderMutation from `<prefix>_headers_to_add` / `<prefix>_headers_to_remove`. */
export function parseHeaderMutation(
  o: XdsObject | undefined,
  prefix: "request" | "response",
  d: Diagnostics,
): HeaderMutation {
  const add = listField(o, `${prefix}_headers_to_add`)
    .map((option, i) => parseHeaderValueOption(option, d.at(`${prefix}_headers_to_add[${i}]`)))
    .filter((h): h is HeaderToAdd => h !== undefined);
  const remove: string[] = [];
  for (const value of listField(o, `${prefix}_headers_to_remove`)) {
    const name = typeof value === "string" ? value.toLowerCase() : "";
    if (!HEADER_NAME.test(name) || PROTECTED.has(name)) {
      d.error(`${prefix}_headers_to_remove '${name}' cannot be removed`);
      continue;
    }
    remove.push(name);
  }
  return add.length === 0 && remove.length === 0 ? EMPTY_HEADER_MUTATION : { add, remove };
}

export function parseHeaderValueOption(value: unknown, d: Diagnostics): HeaderToAdd | undefined {
  if (!isObject(value)) return undefined;
  const header = objectField(value, "header");
  const name = (stringField(header, "key") ?? "").toLowerCase();
  if (!HEADER_NAME.test(name) || PROTECTED.has(name)) {
    d.error(`header '${name}' cannot be added`);
    return undefined;
  }
  const headerValue = stringField(header, "value") ?? "";
  if (/[\r\n\0]/.test(headerValue)) {
    d.error(`header '${name}' value contains CR, LF or NUL`);
    return undefined;
  }
  if (headerValue.includes("%"))
    d.note(`header '${name}' value '${headerValue}' is used literally (no format specifiers)`);
  return {
    name,
    value: headerValue,
    action: appendAction(value),
    keepEmptyValue: boolField(value, "keep_empty_value"),
  };
}

function appendAction(o: XdsObject): HeaderAppendAction {
  // The deprecated `append` BoolValue wins when present, as in Envoy.
  const append = wrappedBool(o, "append");
  if (append !== undefined) return append ? "append_if_exists_or_add" : "overwrite_if_exists_or_add";
  const action = enumField(o, "append_action", APPEND_ACTIONS) ?? "APPEND_IF_EXISTS_OR_ADD";
  const known = (APPEND_ACTIONS as readonly string[]).includes(action);
  return (known ? action.toLowerCase() : "append_if_exists_or_add") as HeaderAppendAction;
}
