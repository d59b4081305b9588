"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { type CurrentUser, CurrentUserContext } from "./currentUser";

export function Providers({ user, children }: { user: CurrentUser; children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return (
    <CurrentUserContext.Provider value={user}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </CurrentUserContext.Provider>
  );
}
