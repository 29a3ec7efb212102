import type { Metadata } from "next";
import { BusinessView } from "@/components/BusinessView";

export const metadata: Metadata = { title: "Coordination" };

export default function BusinessPage() {
  return <BusinessView />;
}
