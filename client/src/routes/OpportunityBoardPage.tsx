export default function OpportunityBoardPage() {
  return <p>Loading…</p>;
}
