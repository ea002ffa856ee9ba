export default function OpportunityFormPage() {
  return <p>Loading…</p>;
}
