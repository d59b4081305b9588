/**
 * Points @grpc/grpc-js-xds at an xDS server for this process (its bootstrap, given inline through
 * GRPC_XDS_BOOTSTRAP_CONFIG): one insecure v3 server and the node the client presents.
 */
export function setGrpcXdsBootstrap(serverUri: string, node: Record<string, unknown>): void {
  process.env.GRPC_XDS_BOOTSTRAP_CONFIG = JSON.stringify({
    xds_servers: [
      { server_uri: serverUri, channel_creds: [{ type: "insecure" }], server_features: ["xds_v3"] },
    ],
    node,
  });
}
