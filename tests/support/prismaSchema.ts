import fs from "node:fs";

export interface SchemaField {
  model: string;
  field: string;
  table: string;
  column: string;
  type: string;
  nativeType: string | null;
  optional: boolean;
}

/**
 * The scalar and enum fields of schema.prisma with their table/column names, read straight from the file,
 * so the drift test compares what the schema says with what the migrations built.
 */
export function readSchemaFields(schemaPath: string): SchemaField[] {
  const text = fs.readFileSync(schemaPath, "utf8");
  const enums = new Set([...text.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1]!));
  const models = [...text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]!));
  const fields: SchemaField[] = [];
  for (const [, model, body] of models) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!;
    for (const line of body!.split("\n")) {
      const m = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!m || line.trim().startsWith("//") || line.trim().startsWith("@@")) continue;
      const [, name, type, list, optional, rest] = m;
      if (list || modelNames.has(type!)) continue;
      fields.push({
        model: model!,
        field: name!,
        table,
        column: /@map\("([^"]+)"\)/.exec(rest!)?.[1] ?? name!,
        type: enums.has(type!) ? `enum:${type}` : type!,
        nativeType: /@db\.(\w+)/.exec(rest!)?.[1] ?? null,
        optional: Boolean(optional),
      });
    }
  }
  return fields;
}
