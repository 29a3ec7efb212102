import type { Metadata } from "next";
import { DataView } from "@/components/DataView";

export const metadata: Metadata = { title: "Data support" };

export default function DataPage() {
  return <DataView />;
}
