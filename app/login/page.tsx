import { LoginForm } from "@/components/shell/LoginForm";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <main className="login">
      <LoginForm next={next ?? "/"} />
    </main>
  );
}
