import type { ReactNode } from "react";
import { Nav } from "@/components/Nav";
import { currentUser } from "@/lib/server-api";

// The proxy (proxy.ts) already sent cookie-less requests to /login; here the API checks the session itself,
// and a rejected one redirects to /login too (lib/server-api.ts).
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <>
      <Nav user={user} />
      <main className="page">{children}</main>
    </>
  );
}
