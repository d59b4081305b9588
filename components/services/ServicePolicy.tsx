"use client";

import Link from "next/link";
import { stringify } from "yaml";
import type { Service } from "@/lib/mesh/schema";

/** The service's current traffic policy as YAML, with a link to edit it. */
export function ServicePolicy({
  service,
  revision,
}: {
  service: Service | undefined;
  revision: number | undefined;
}) {
  return (
    <section>
      <h2>Current policy</h2>
      {service ? (
        <>
          <p className="muted">
            Revision {revision} ·{" "}
            <Link href={`/policy?service=${encodeURIComponent(service.name)}`}>
              open in the policy editor
            </Link>
          </p>
          <pre className="panel yaml">{stringify(service, { lineWidth: 0 })}</pre>
        </>
      ) : (
        <p className="muted">
          This service has no entry in the mesh config: all its traffic goes to every instance with default
          policy.
        </p>
      )}
    </section>
  );
}
