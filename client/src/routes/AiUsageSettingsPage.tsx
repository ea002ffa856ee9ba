// Settings -> AI usage (admins): per prompt version, how often the assistant was called, its errors, tokens in
// and out, average latency, and the thumbs users gave.
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { formatNumber } from '../lib/format';
import { useTRPC } from '../trpc';

export default function AiUsageSettingsPage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.ai.status.queryOptions());
  const usage = useQuery(trpc.ai.usage.queryOptions());
  return (
    <>
      <PageHeader
        title="AI usage"
        subtitle={status.data ? (status.data.configured ? `Claude (${status.data.model}) is configured.` : 'AI is not configured: set ANTHROPIC_API_KEY to turn on the assistant.') : undefined}
      />
      {usage.isPending ? (
        <DetailSkeleton />
      ) : usage.isError ? (
        <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />
      ) : usage.data.length === 0 ? (
        <EmptyState title="No AI calls yet" description="Deal reviews and Ask the CRM answers are counted here per prompt version." />
      ) : (
        <Panel title="Per prompt version" flush>
          <table className="table table--compact" aria-label="AI usage per prompt version">
            <thead>
              <tr>
                <th scope="col">Prompt version</th>
                <th scope="col">Feature</th>
                <th scope="col" className="ai-usage__num">Calls</th>
                <th scope="col" className="ai-usage__num">Errors</th>
                <th scope="col" className="ai-usage__num">Stopped</th>
                <th scope="col" className="ai-usage__num">Tokens in</th>
                <th scope="col" className="ai-usage__num">Tokens out</th>
                <th scope="col" className="ai-usage__num">Avg latency</th>
                <th scope="col" className="ai-usage__num">Helpful</th>
                <th scope="col" className="ai-usage__num">Not helpful</th>
              </tr>
            </thead>
            <tbody>
              {usage.data.map((u) => (
                <tr key={`${u.feature}-${u.promptVersion}`}>
                  <td>{u.promptVersion}</td>
                  <td>{u.feature}</td>
                  <td className="ai-usage__num">{formatNumber(u.calls)}</td>
                  <td className="ai-usage__num">{formatNumber(u.errors)}</td>
                  <td className="ai-usage__num">{formatNumber(u.cancelled)}</td>
                  <td className="ai-usage__num">{formatNumber(u.inputTokens)}</td>
                  <td className="ai-usage__num">{formatNumber(u.outputTokens)}</td>
                  <td className="ai-usage__num">{(u.averageLatencyMs / 1000).toFixed(1)} s</td>
                  <td className="ai-usage__num">{formatNumber(u.thumbsUp)}</td>
                  <td className="ai-usage__num">{formatNumber(u.thumbsDown)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      )}
    </>
  );
}
