import { Suspense } from "react";
import { ServiceView } from "@/components/services/ServiceView";

export default async function ServicePage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return (
    <Suspense>
      <ServiceView name={safeDecode(name)} />
    </Suspense>
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
