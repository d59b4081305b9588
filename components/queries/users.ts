"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/auth/roles";
import { apiFetch } from "./apiClient";

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
  tokens: () => ["tokens", "list"] as const,
};

export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: () => apiFetch<{ users: UserRow[] }>("/api/v1/users").then((r) => r.users),
    enabled,
  });
}

export function useTokens(enabled: boolean) {
  return useQuery({
    queryKey: userKeys.tokens(),
    queryFn: () => apiFetch<{ tokens: TokenRow[] }>("/api/v1/tokens").then((r) => r.tokens),
    enabled,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string; role: Role }) =>
      apiFetch<{ user: UserRow }>("/api/v1/users", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; role?: Role; disabled?: boolean }) =>
      apiFetch<{ user: UserRow }>(`/api/v1/users/${id}`, { method: "PATCH", body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role }) =>
      apiFetch<{ token: string; summary: TokenRow }>("/api/v1/tokens", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.tokens() }),
  });
}

export function useDeleteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/users/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useRevokeUserSessions() {
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ revoked: number }>(`/api/v1/users/${id}/sessions`, { method: "DELETE" }),
  });
}
