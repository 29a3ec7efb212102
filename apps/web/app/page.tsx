import { redirect } from "next/navigation";
import { homeFor } from "@/lib/roles";
import { currentUser } from "@/lib/server-api";

// The server knows the session (its cookie), so it sends each role straight to the layer it works in.
export default async function Home() {
  const user = await currentUser();
  redirect(homeFor(user.role));
}
