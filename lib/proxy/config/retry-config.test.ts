import { describe, expect, it } from "vitest";
import { Diagnostics } from "./diagnostics";
import { parseRetryPolicy } from "./retry-config";

function parse(policy: Record<string, unknown>) {
  const sink = { errors: [] as string[], notes: [] as string[] };
  const parsed = parseRetryPolicy({ retry_on: "5xx", ...policy }, new Diagnostics("retry_policy", sink));
  return { parsed, ...sink };
}

const PREVIOUS_HOSTS = {
  name: "envoy.retry_host_predicates.previous_hosts",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
  },
};

describe("retry host predicates", () => {
  it("reads previous_hosts and host_selection_retry_max_attempts (once when unset)", () => {
    const { parsed, errors, notes } = parse({
      retry_host_predicate: [PREVIOUS_HOSTS],
      host_selection_retry_max_attempts: "5",
    });
    expect([errors, notes]).toEqual([[], []]);
    expect(parsed).toMatchObject({ avoidPreviousHosts: true, hostSelectionAttempts: 5 });
    expect(parse({ retry_host_predicate: [PREVIOUS_HOSTS] }).parsed?.hostSelectionAttempts).toBe(1);
    expect(
      parse({ retry_host_predicate: [{ name: "envoy.retry_host_predicates.previous_hosts" }] }).parsed,
    ).toMatchObject({ avoidPreviousHosts: true });
  });

  it("leaves them out without the predicate, and notes predicates it does not know", () => {
    expect(parse({}).parsed?.avoidPreviousHosts).toBeUndefined();
    const other = parse({
      retry_host_predicate: [{ name: "envoy.retry_host_predicates.omit_canary_hosts" }],
    });
    expect(other.parsed?.avoidPreviousHosts).toBeUndefined();
    expect(other.notes).toEqual([
      "retry_policy: retry_host_predicate[0] 'envoy.retry_host_predicates.omit_canary_hosts' is not supported and was ignored",
    ]);
  });

  it("refuses a host selection count that is not a small integer", () => {
    expect(
      parse({ retry_host_predicate: [PREVIOUS_HOSTS], host_selection_retry_max_attempts: 1000 }).errors,
    ).toEqual(["retry_policy: host_selection_retry_max_attempts 1000 must be an integer in [0, 100]"]);
  });
});
