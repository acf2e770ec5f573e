import { TriageHome } from '@/components/triage/triage-home';

/** Home: the triage page — what is broken right now, since when, and where to look. */
export default function HomePage() {
  return <TriageHome />;
}
