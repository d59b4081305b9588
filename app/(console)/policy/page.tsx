import { EmptyState } from "@/components/ui/EmptyState";

export default function PolicyPage() {
  return (
    <>
      <h1>Traffic policy</h1>
      <EmptyState title="No traffic policy yet">
        <p>
          Routes, weights, fault rules, retries, timeouts, load balancing, circuit breakers, outlier
          detection, health checks and rate limits for each service are edited here. Every change becomes a
          versioned revision with a diff, pushed to every proxy over xDS, and can be rolled back in one click.
        </p>
        <p>Admins edit; operators and viewers read.</p>
      </EmptyState>
    </>
  );
}
