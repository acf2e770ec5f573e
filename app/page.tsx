import { HubbleOverview } from '@/components/status/hubble-overview';

/** Home: a compact overview for now; later issues turn it into the triage page. */
export default function HomePage() {
  return <HubbleOverview />;
}
