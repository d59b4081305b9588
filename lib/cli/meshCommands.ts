import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ApiClient, CliError, EXIT } from "./apiClient";
import type { CommitAnswer, DryRunAnswer, HistoryAnswer } from "./meshOutput";
import { formatCommit, formatDryRun, formatHistory } from "./meshOutput";

// `weft apply|get|history|rollback`: the mesh config through the server's API, like kubectl for weft.

/** Every flag of the mesh commands; each command accepts the connection flags plus its own. */
const OPTIONS = {
  server: { type: "string" },
  token: { type: "string" },
  help: { type: "boolean", short: "h" },
  file: { type: "string", short: "f" },
  "dry-run": { type: "boolean" },
  message: { type: "string", short: "m" },
  "expected-revision": { type: "string" },
  output: { type: "string", short: "o" },
  limit: { type: "string" },
} as const;

type Flag = keyof typeof OPTIONS;
const CONNECTION_FLAGS: Flag[] = ["server", "token", "help"];

export const MESH_USAGE = `  apply -f <file|->  apply a mesh config (YAML or JSON) [--dry-run] [-m <message>] [--expected-revision <n>]
  get config        print the current mesh config [-o yaml|json]
  history           list revisions, newest first [--limit <n>]
  rollback <n>      make revision <n> current again, as a new revision [-m <message>]

  API commands take --server <url> (env WEFT_SERVER, default http://localhost:3000) and
  --token <token> (env WEFT_TOKEN). Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid config,
  4 stale revision (someone changed the mesh meanwhile).`;

type Print = (text: string) => void;

export interface MeshCommandContext {
  env: Record<string, string | undefined>;
  print: Print;
  readStdin: () => Promise<string>;
  fetchImpl?: typeof fetch;
}

function parse(command: string, args: string[], own: Flag[], allowPositionals: boolean) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${command}: ${(error as Error).message}`, EXIT.usage);
  }
  const allowed = new Set<string>([...CONNECTION_FLAGS, ...own]);
  const unknown = Object.keys(parsed.values).find((flag) => !allowed.has(flag));
  if (unknown !== undefined) throw new CliError(`${command}: unknown option '--${unknown}'`, EXIT.usage);
  if (!allowPositionals && parsed.positionals.length > 0) {
    throw new CliError(`${command}: unexpected argument '${parsed.positionals[0]}'`, EXIT.usage);
  }
  return parsed;
}

function client(values: { server?: unknown; token?: unknown }, context: MeshCommandContext): ApiClient {
  const server = String(values.server ?? context.env.WEFT_SERVER ?? "http://localhost:3000");
  if (!/^https?:\/\/[^\s/]+/.test(server)) {
    throw new CliError(
      `--server must be an http(s) URL such as http://localhost:3000, not "${server}"`,
      EXIT.usage,
    );
  }
  const token = values.token ?? context.env.WEFT_TOKEN;
  return new ApiClient(
    server,
    token === undefined || token === "" ? undefined : String(token),
    context.fetchImpl,
  );
}

export async function applyCommand(args: string[], context: MeshCommandContext): Promise<number> {
  const { values } = parse("apply", args, ["file", "dry-run", "message", "expected-revision"], false);
  if (values.help) return usage(context.print);
  if (typeof values.file !== "string")
    throw new CliError("apply: -f <file> is required (- reads stdin)", EXIT.usage);
  const text = values.file === "-" ? await context.readStdin() : await readConfigFile(values.file);
  const query = new URLSearchParams();
  if (typeof values.message === "string") query.set("message", values.message);
  if (typeof values["expected-revision"] === "string") {
    if (!/^\d+$/.test(values["expected-revision"])) {
      throw new CliError("apply: --expected-revision must be a revision number", EXIT.usage);
    }
    query.set("expectedRevision", values["expected-revision"]);
  }
  const api = client(values, context);
  // JSON is YAML, so one content type serves both file kinds and errors keep their line numbers.
  const path = values["dry-run"] ? "/api/v1/config/dry-run" : "/api/v1/config";
  const response = await api.send(values["dry-run"] ? "POST" : "PUT", `${path}?${query}`, {
    body: text,
    contentType: "application/yaml",
  });
  const answer: unknown = JSON.parse(response.text);
  context.print(
    values["dry-run"] ? formatDryRun(answer as DryRunAnswer) : formatCommit(answer as CommitAnswer),
  );
  return EXIT.ok;
}

export async function getCommand(args: string[], context: MeshCommandContext): Promise<number> {
  const { values, positionals } = parse("get", args, ["output"], true);
  if (values.help) return usage(context.print);
  if (positionals.length !== 1 || positionals[0] !== "config") {
    throw new CliError(`get: expected "get config", got "get ${positionals.join(" ")}"`, EXIT.usage);
  }
  const format = values.output ?? "yaml";
  if (format !== "yaml" && format !== "json") throw new CliError("get: -o must be yaml or json", EXIT.usage);
  const api = client(values, context);
  const response = await api.send("GET", `/api/v1/config?format=${format}`);
  if (format === "yaml") {
    context.print(response.text.trimEnd());
  } else {
    const body = JSON.parse(response.text) as { config: unknown };
    context.print(JSON.stringify(body.config, null, 2));
  }
  return EXIT.ok;
}

export async function historyCommand(args: string[], context: MeshCommandContext): Promise<number> {
  const { values } = parse("history", args, ["limit"], false);
  if (values.help) return usage(context.print);
  const limit = values.limit ?? "20";
  if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 200) {
    throw new CliError("history: --limit must be a number from 1 to 200", EXIT.usage);
  }
  const answer = await client(values, context).json<HistoryAnswer>("GET", `/api/v1/revisions?limit=${limit}`);
  context.print(formatHistory(answer));
  return EXIT.ok;
}

export async function rollbackCommand(args: string[], context: MeshCommandContext): Promise<number> {
  const { values, positionals } = parse("rollback", args, ["message"], true);
  if (values.help) return usage(context.print);
  const [revision, ...extra] = positionals;
  if (revision === undefined || extra.length > 0 || !/^\d{1,10}$/.test(revision)) {
    throw new CliError("rollback: expected one revision number, e.g. weft rollback 12", EXIT.usage);
  }
  const body = typeof values.message === "string" ? { message: values.message } : {};
  const answer = await client(values, context).json<CommitAnswer>(
    "POST",
    `/api/v1/revisions/${revision}/restore`,
    body,
  );
  context.print(formatCommit(answer, Number(revision)));
  return EXIT.ok;
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot read ${file} (${code})`, EXIT.usage);
  }
}

function usage(print: Print): number {
  print(`usage:\n${MESH_USAGE}`);
  return EXIT.ok;
}
