"use client";

import { useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { useCreateToken, useRevokeToken, useTokens } from "../queries/users";

export function TokenAdmin() {
  const tokens = useTokens(true);
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [role, setRole] = useState<Role>("viewer");

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("name") ?? "");
    create.mutate({ name, role }, { onSuccess: () => formElement.reset() });
  }

  return (
    <section className="stack" aria-label="API tokens">
      <h2>API tokens</h2>
      <form className="panel row" onSubmit={onCreate}>
        <input
          name="name"
          placeholder="token name (e.g. ci-deploy)"
          required
          maxLength={128}
          aria-label="Token name"
        />
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label="Token role">
          <option>viewer</option>
          <option>operator</option>
          <option>admin</option>
        </select>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
        {create.isError && <span className="error">{create.error.message}</span>}
      </form>
      {create.data && (
        <div className="notice" role="status">
          New token (shown once, copy it now): <code data-testid="new-token">{create.data.token}</code>
        </div>
      )}
      {tokens.data && tokens.data.length === 0 && (
        <p className="muted">
          No tokens. Scripts, CI and proxies authenticate with one as Authorization: Bearer &lt;token&gt;.
        </p>
      )}
      {tokens.data && tokens.data.length > 0 && (
        <table aria-label="Tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Prefix</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.role}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td className="muted">
                  {new Date(t.createdAt).toLocaleString()} {t.createdBy ? `by ${t.createdBy}` : ""}
                </td>
                <td className="muted">{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="badge">revoked</span>
                  ) : (
                    <button type="button" className="danger" onClick={() => revoke.mutate(t.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
