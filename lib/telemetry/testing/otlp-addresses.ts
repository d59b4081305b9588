// Where a `weft server` started by a test listens for OTLP, read from its start-up banner. Test support only.

export interface OtlpAddresses {
  /** e.g. http://127.0.0.1:43121 */
  http: string;
  /** e.g. 127.0.0.1:43122 */
  grpc: string;
}

export function otlpAddresses(output: string): OtlpAddresses {
  const http = /otlp-http: (http:\/\/\S+)/.exec(output)?.[1];
  const grpc = /otlp-grpc: (\S+)/.exec(output)?.[1];
  if (!http || !grpc) throw new Error(`no OTLP listener addresses in the server output:\n${output}`);
  return { http, grpc };
}
