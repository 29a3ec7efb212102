import { RoleRedirect } from "@/components/RoleRedirect";

// The session lives in browser storage, so only the client knows where to send the user.
export default function Home() {
  return <RoleRedirect />;
}
