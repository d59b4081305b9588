import protobuf from "protobufjs";

// protobufjs `fromObject` silently drops fields it does not know and silently writes an empty Any when an
// "@type" names a message that is not loaded. For resources that would mean shipping a config that differs
// from what the translator produced, so every resource object is checked against its message type first.

const ANY_TYPE = ".google.protobuf.Any";
const MAX_PROBLEMS = 20;

export function findObjectProblems(type: protobuf.Type, value: unknown): string[] {
  const problems: string[] = [];
  checkMessage(type, value, type.name, problems);
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function checkMessage(type: protobuf.Type, value: unknown, path: string, problems: string[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (!isRecord(value)) {
    problems.push(`${path}: expected an object for ${type.fullName.slice(1)}`);
    return;
  }
  if (type.fullName === ANY_TYPE) {
    checkAny(type, value, path, problems);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    const field = type.fields[key];
    if (!field) {
      problems.push(`${path}.${key}: ${type.fullName.slice(1)} has no field "${key}"${snakeHint(type, key)}`);
      continue;
    }
    checkField(field, item, `${path}.${key}`, problems);
  }
}

function checkAny(
  anyType: protobuf.Type,
  value: Record<string, unknown>,
  path: string,
  problems: string[],
): void {
  const typeUrl = value["@type"];
  if (typeUrl === undefined) {
    if (typeof value.type_url !== "string") problems.push(`${path}: an Any needs "@type" or "type_url"`);
    return;
  }
  if (typeof typeUrl !== "string" || !typeUrl.includes("/")) {
    problems.push(`${path}.@type: expected "type.googleapis.com/<message>", got ${JSON.stringify(typeUrl)}`);
    return;
  }
  const name = typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
  const inner = lookupMessage(anyType.root, name);
  if (!inner) {
    problems.push(`${path}.@type: message ${name} is not loaded (add its .proto to ENVOY_PROTO_FILES)`);
    return;
  }
  const { "@type": _ignored, ...fields } = value;
  checkMessage(inner, fields, `${path}<${inner.name}>`, problems);
}

function lookupMessage(root: protobuf.Namespace, name: string): protobuf.Type | undefined {
  const found = root.lookup(name);
  return found instanceof protobuf.Type ? found : undefined;
}

function checkField(field: protobuf.Field, value: unknown, path: string, problems: string[]): void {
  field.resolve();
  if (field.map) {
    if (!isRecord(value)) {
      problems.push(`${path}: expected an object (map)`);
      return;
    }
    for (const [key, item] of Object.entries(value)) checkSingle(field, item, `${path}.${key}`, problems);
    return;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) {
      problems.push(`${path}: expected an array`);
      return;
    }
    value.forEach((item, index) => {
      checkSingle(field, item, `${path}[${index}]`, problems);
    });
    return;
  }
  checkSingle(field, value, path, problems);
}

function checkSingle(field: protobuf.Field, value: unknown, path: string, problems: string[]): void {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    checkMessage(resolved, value, path, problems);
  } else if (resolved instanceof protobuf.Enum) {
    const known = typeof value === "number" || (typeof value === "string" && value in resolved.values);
    if (!known) problems.push(`${path}: ${JSON.stringify(value)} is not a value of ${resolved.name}`);
  }
}

/** Resource fields are snake_case, but protobufjs's bundled well-known types (Struct, Value) are camelCase. */
function snakeHint(type: protobuf.Type, key: string): string {
  const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  if (snake !== key && type.fields[snake]) return ` (did you mean "${snake}"? names are snake_case)`;
  const camel = key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  if (camel !== key && type.fields[camel])
    return ` (did you mean "${camel}"? ${type.name} is camelCase in protobufjs)`;
  return "";
}
