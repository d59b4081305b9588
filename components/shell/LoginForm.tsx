"use client";

import { useState } from "react";
import { ApiClientError, apiFetch } from "../queries/apiClient";

/** Posts JSON to the login API, then goes where the user was headed (only same-site paths). */
export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/v1/auth/login", {
        method: "POST",
        body: { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? "") },
      });
      window.location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
    } catch (e) {
      setError(e instanceof ApiClientError ? e.message : "could not reach the server");
      setBusy(false);
    }
  }

  return (
    <form className="panel stack" onSubmit={onSubmit} aria-label="Log in">
      <h1>Log in to Weft</h1>
      <label>
        Username
        <input name="username" autoComplete="username" required maxLength={64} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Logging in…" : "Log in"}
      </button>
      <p className="muted">
        First start? The user is <code>admin</code>; the password was printed by <code>weft server</code> (or
        is WEFT_ADMIN_PASSWORD).
      </p>
    </form>
  );
}
