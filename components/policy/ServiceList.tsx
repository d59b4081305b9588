"use client";

import { useState } from "react";
import type { ActiveFault } from "@/lib/console/activeFaults";
import type { MeshConfig } from "@/lib/mesh/schema";
import { nameSchema } from "@/lib/mesh/schema";

/** The services in the config (the selected one highlighted); admins can start policy for a new one. */
export function ServiceList({
  config,
  selected,
  faults,
  canAdd,
  onSelect,
  onAdd,
}: {
  config: MeshConfig;
  selected: string | null;
  faults: ActiveFault[];
  canAdd: boolean;
  onSelect: (name: string) => void;
  onAdd: (name: string) => void;
}) {
  const [name, setName] = useState("");
  const valid = nameSchema.safeParse(name);
  const exists = config.services.some((service) => service.name === name);
  return (
    <nav className="service-list" aria-label="Services in the mesh config">
      <ul>
        {config.services.map((service) => (
          <li key={service.name}>
            <button
              type="button"
              className={`link${service.name === selected ? " active" : ""}`}
              aria-current={service.name === selected ? "true" : undefined}
              onClick={() => onSelect(service.name)}
            >
              {service.name}
            </button>
            <span className="muted"> {(service.routes ?? []).length} rule(s)</span>
            {faults.some((fault) => fault.service === service.name) && (
              <span title="fault injection active"> ⚡</span>
            )}
          </li>
        ))}
      </ul>
      {canAdd && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid.success && !exists) {
              onAdd(name);
              setName("");
            }
          }}
        >
          <input
            aria-label="New service name"
            placeholder="add a service…"
            value={name}
            onChange={(event) => setName(event.target.value.trim())}
          />
          {name && !valid.success && <span className="error">{valid.error.issues[0]?.message}</span>}
          {exists && <span className="error">already in the config</span>}
        </form>
      )}
    </nav>
  );
}
