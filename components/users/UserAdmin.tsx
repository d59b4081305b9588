"use client";

import { useState } from "react";
import type { Role } from "@/lib/auth/roles";
import {
  useCreateUser,
  useDeleteUser,
  useRevokeUserSessions,
  useUpdateUser,
  useUsers,
} from "../queries/users";
import { useCurrentUser } from "../shell/currentUser";
import { TokenAdmin } from "./TokenAdmin";

const ROLES: Role[] = ["viewer", "operator", "admin"];

export function UserAdmin() {
  const me = useCurrentUser();
  const isAdmin = me.can("admin");
  const users = useUsers(isAdmin);
  const create = useCreateUser();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const signOut = useRevokeUserSessions();
  const [role, setRole] = useState<Role>("viewer");

  if (!isAdmin) {
    return (
      <p className="notice" role="status">
        Managing users and API tokens needs the admin role. You are signed in as {me.name} ({me.role}).
      </p>
    );
  }

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    create.mutate(
      { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? ""), role },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <div className="stack">
      <form className="panel row" onSubmit={onCreate} aria-label="Create user">
        <input name="username" placeholder="username" required maxLength={64} aria-label="New username" />
        <input
          name="password"
          type="password"
          placeholder="password (8+ characters)"
          required
          minLength={8}
          maxLength={256}
          aria-label="New user password"
          autoComplete="new-password"
        />
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label="New user role">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <button type="submit" disabled={create.isPending}>
          Create user
        </button>
        {create.isError && (
          <span role="alert" className="error">
            {create.error.message}
          </span>
        )}
      </form>
      {(update.error ?? remove.error ?? signOut.error) && (
        <p role="alert" className="error">
          {(update.error ?? remove.error ?? signOut.error)?.message}
        </p>
      )}
      {signOut.data && <p role="status">Ended {signOut.data.revoked} session(s).</p>}
      {users.isPending && <p className="muted">Loading users…</p>}
      {users.isError && <p className="error">Could not load users: {users.error.message}</p>}
      {users.data && (
        <table aria-label="Users">
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last login</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id}>
                <td>{user.username}</td>
                <td>
                  <select
                    value={user.role}
                    aria-label={`Role of ${user.username}`}
                    onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}
                  >
                    {user.disabled ? "Enable" : "Disable"}
                  </button>{" "}
                  <span className="badge">{user.disabled ? "disabled" : "active"}</span>
                </td>
                <td className="muted">
                  {user.lastLoginAt ? new Date(user.lastLoginAt).toLocaleString() : "never"}
                </td>
                <td>
                  <div className="row">
                    <button type="button" className="secondary" onClick={() => signOut.mutate(user.id)}>
                      Sign out everywhere
                    </button>
                    {user.username !== me.name && (
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          if (window.confirm(`Delete user ${user.username}?`)) remove.mutate(user.id);
                        }}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TokenAdmin />
    </div>
  );
}
