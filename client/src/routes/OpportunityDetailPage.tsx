export default function OpportunityDetailPage() {
  return <p>Loading…</p>;
}
