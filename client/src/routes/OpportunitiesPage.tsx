export default function OpportunitiesPage() {
  return <p>Loading…</p>;
}
