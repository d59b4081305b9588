/**
 * The accepted resources of one xDS type on the client side, with what a state-of-the-world update needs:
 * unchanged resources (same bytes) keep their compiled model object, so the runtime can tell what changed
 * by identity, and a bad update is checked completely before anything is replaced.
 */
import { createHash } from "node:crypto";
import { convertResources, type ResourceKind, TYPE_URLS } from "../config/from-xds";
import { isObject, stringField, type XdsObject } from "../config/xds-values";
import type { ModelOf } from "./models";

export interface AnyResource {
  readonly type_url: string;
  readonly value: Uint8Array;
}

/** Decodes one top-level resource's bytes into the plain object form (snake_case, nested Anys with @type). */
export type ResourceDecoder = (typeUrl: string, value: Uint8Array) => XdsObject | undefined;

export interface ResourceEntry<M> {
  readonly name: string;
  readonly digest: string;
  /** The decoded resource, for /config_dump. */
  readonly object: XdsObject;
  readonly model: M;
}

export type UpdateResult<M> =
  | { readonly ok: true; readonly entries: ReadonlyMap<string, ResourceEntry<M>>; readonly changed: boolean }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates one response's resources for `kind` against the previous accepted entries. With `names`, only
 * those names are kept (RDS and EDS are subscribed by name; extra resources are ignored).
 */
export function applyUpdate<K extends ResourceKind>(
  kind: K,
  resources: readonly AnyResource[],
  previous: ReadonlyMap<string, ResourceEntry<ModelOf[K]>> | undefined,
  decode: ResourceDecoder,
  names?: ReadonlySet<string>,
): UpdateResult<ModelOf[K]> {
  const byDigest = new Map<string, ResourceEntry<ModelOf[K]>>();
  for (const entry of previous?.values() ?? []) byDigest.set(entry.digest, entry);
  const errors: string[] = [];
  const entries = new Map<string, ResourceEntry<ModelOf[K]>>();
  const fresh: { digest: string; object: XdsObject }[] = [];
  resources.forEach((any, index) => {
    if (any.type_url !== TYPE_URLS[kind]) {
      errors.push(`${kind} [${index}]: has type ${any.type_url}, expected ${TYPE_URLS[kind]}`);
      return;
    }
    const digest = createHash("sha1").update(any.value).digest("base64");
    const known = byDigest.get(digest);
    if (known) {
      if (entries.has(known.name)) errors.push(`${kind} ${known.name}: is listed more than once`);
      entries.set(known.name, known);
      return;
    }
    let object: XdsObject | undefined;
    try {
      object = decode(any.type_url, any.value);
    } catch (error) {
      errors.push(`${kind} [${index}]: cannot be decoded: ${error instanceof Error ? error.message : error}`);
      return;
    }
    if (!object) errors.push(`${kind} [${index}]: cannot be decoded`);
    else fresh.push({ digest, object });
  });
  const converted = convertResources(
    kind,
    fresh.map((f) => f.object),
    { decodeAny: decode },
  );
  errors.push(...converted.errors.map((e) => e.message));
  for (const { digest, object } of fresh) {
    const name = nameOf(kind, object);
    const model = converted.resources.get(name);
    if (!model) continue;
    if (entries.has(name)) errors.push(`${kind} ${name}: is listed more than once`);
    entries.set(name, { name, digest, object, model });
  }
  if (errors.length > 0) return { ok: false, errors: dedupe(errors) };
  if (names) for (const name of [...entries.keys()]) if (!names.has(name)) entries.delete(name);
  return { ok: true, entries, changed: !sameEntries(previous, entries) };
}

function nameOf(kind: ResourceKind, object: XdsObject): string {
  return (
    (isObject(object) && stringField(object, kind === "ClusterLoadAssignment" ? "cluster_name" : "name")) ||
    ""
  );
}

function sameEntries<M>(
  before: ReadonlyMap<string, ResourceEntry<M>> | undefined,
  after: ReadonlyMap<string, ResourceEntry<M>>,
): boolean {
  if (!before || before.size !== after.size) return false;
  for (const [name, entry] of after) if (before.get(name) !== entry) return false;
  return true;
}

function dedupe(errors: string[]): string[] {
  return [...new Set(errors)];
}

/** Keeps only the named entries (a shrunk RDS/EDS subscription). */
export function retainNames<M>(
  entries: ReadonlyMap<string, ResourceEntry<M>>,
  names: ReadonlySet<string>,
): Map<string, ResourceEntry<M>> {
  return new Map([...entries].filter(([name]) => names.has(name)));
}
