// The opportunity page's AI deal review: "Review with Claude" streams risks, what is missing and next actions
// onto the panel as Claude writes them; the stored reviews (the team's earlier ones too) stay below.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { DealReviewAnswer, DealReviewResult, ReviewPoint } from '../../../../shared/schemas/assistant';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatNumber, formatRelative } from '../../lib/format';
import { type RouterOutputs, useTRPC, useTRPCClient } from '../../trpc';
import { Button } from '../Button';
import { Panel } from '../Panel';
import { Spinner } from '../States';
import { useSession } from '../../lib/session';
import { Thumbs } from './Thumbs';
import './assistant.css';

type StoredReview = RouterOutputs['ai']['listReviews'][number];
type Live = { running: true; partial: Partial<DealReviewAnswer> | null } | { running: false; error: string };

function Points({ title, points, sources, empty }: { title: string; points: Partial<ReviewPoint>[] | undefined; sources?: Record<string, string>; empty: string }) {
  return (
    <section className="review-section">
      <h3 className="review-section__title">{title}</h3>
      {!points || points.length === 0 ? (
        <p className="muted-text">{empty}</p>
      ) : (
        <ol className="review-points">
          {points.map((p, i) => (
            <li key={i} className="review-point">
              <span>{p.text}</span>
              {sources && p.cites && p.cites.length > 0 && (
                <span className="review-cites" aria-label="Based on">
                  {p.cites.map((c) => (
                    <span key={c} className="review-cite" title={c}>
                      {sources[c] ?? c}
                    </span>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ReviewBody({ answer, sources }: { answer: Partial<DealReviewAnswer>; sources?: DealReviewResult['sources'] }) {
  return (
    <div className="review">
      {answer.summary && <p className="review__summary">{answer.summary}</p>}
      <Points title="Risks" points={answer.risks} sources={sources} empty="No risks named." />
      <Points title="What is missing" points={answer.missing} sources={sources} empty="Nothing missing." />
      <Points title="Next actions" points={answer.nextActions} sources={sources} empty="—" />
    </div>
  );
}

function ReviewMeta({ review }: { review: StoredReview }) {
  const me = useSession();
  const demo = review.model === 'demo';
  return (
    <p className="review-meta muted-text">
      <span title={formatDateTime(review.createdAt)}>{formatRelative(review.createdAt)}</span>
      <span>{review.requestedByName ? `by ${review.requestedByName}` : 'demo data'}</span>
      <span>{demo ? 'example review (no AI call)' : review.model}</span>
      <span>prompt {review.promptVersion}</span>
      {!demo && (
        <>
          <span>
            {formatNumber(review.inputTokens)} → {formatNumber(review.outputTokens)} tokens
          </span>
          <span>{(review.latencyMs / 1000).toFixed(1)} s</span>
        </>
      )}
      {review.status === 'complete' && review.requestedById === me.id && <Thumbs kind="review" id={review.id} value={review.feedback} />}
    </p>
  );
}

function StoredReviewView({ review }: { review: StoredReview }) {
  return (
    <>
      {review.result ? (
        <ReviewBody answer={review.result} sources={review.result.sources} />
      ) : review.status === 'cancelled' ? (
        <p className="muted-text">This review was stopped before Claude finished.</p>
      ) : (
        <p className="review-error">This review failed: {review.error}</p>
      )}
      <ReviewMeta review={review} />
    </>
  );
}

export function DealReviewPanel({ opportunityId }: { opportunityId: number }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.ai.status.queryOptions());
  const reviews = useQuery(trpc.ai.listReviews.queryOptions({ opportunityId }));
  const [live, setLive] = useState<Live | null>(null);
  const [openEarlier, setOpenEarlier] = useState<number | null>(null);
  const configured = status.data?.configured ?? false;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ai.listReviews.queryKey({ opportunityId }) });
  // Stop closes the streaming request; the server aborts its call to Claude and stores the review as cancelled.
  const stopper = useRef<AbortController | null>(null);

  const start = async () => {
    setLive({ running: true, partial: null });
    const stop = new AbortController();
    stopper.current = stop;
    try {
      for await (const event of await client.ai.reviewDeal.mutate({ opportunityId }, { signal: stop.signal })) {
        if (event.type === 'partial') setLive({ running: true, partial: event.answer });
        if (event.type === 'done') {
          await refresh();
          setLive(null);
        }
        if (event.type === 'error') {
          await refresh();
          setLive({ running: false, error: event.message });
        }
      }
    } catch (error) {
      if (stop.signal.aborted) {
        setLive(null);
        // The server stores the cancelled review once it has seen the request close.
        setTimeout(() => void refresh(), 500);
      } else setLive({ running: false, error: errorMessage(error) });
    } finally {
      stopper.current = null;
    }
  };

  const running = live?.running === true;
  const [latest, ...earlier] = reviews.data ?? [];
  const action = status.isPending ? null : running ? (
    <Button size="sm" onClick={() => stopper.current?.abort()}>
      Stop
    </Button>
  ) : configured ? (
    <Button size="sm" variant="primary" onClick={() => void start()}>
      {latest ? 'Review again' : 'Review with Claude'}
    </Button>
  ) : (
    <Button size="sm" disabled title="An admin sets ANTHROPIC_API_KEY to turn on the assistant">
      AI is not configured
    </Button>
  );

  return (
    <Panel title="AI deal review" actions={action}>
      {!configured && !status.isPending && (
        <p className="muted-text review-hint">AI is not configured on this server (an admin sets ANTHROPIC_API_KEY). Earlier reviews are still shown.</p>
      )}
      {live?.running === false && (
        <p className="review-error" role="alert">
          {live.error}
        </p>
      )}
      {running ? (
        <div aria-live="polite" aria-busy="true">
          <p className="review-progress">
            <span className="spinner spinner--inline" aria-hidden="true" /> Claude is reviewing this deal…
          </p>
          {live.partial && <ReviewBody answer={live.partial} />}
        </div>
      ) : reviews.isPending ? (
        <Spinner />
      ) : reviews.isError ? (
        <p className="muted-text">Could not load the reviews of this deal.</p>
      ) : !latest ? (
        <p className="muted-text">
          No review yet. Claude reads the deal's fields, MEDDIC, stage history, recent activity and open hygiene results, and names risks,
          what is missing and the next actions.
        </p>
      ) : (
        <StoredReviewView review={latest} />
      )}
      {!running && earlier.length > 0 && (
        <details className="review-earlier">
          <summary>Earlier reviews ({earlier.length})</summary>
          <ul>
            {earlier.map((r) => (
              <li key={r.id}>
                <button type="button" className="link-button" onClick={() => setOpenEarlier(openEarlier === r.id ? null : r.id)} aria-expanded={openEarlier === r.id}>
                  {formatDateTime(r.createdAt)} · {r.requestedByName ?? 'demo data'} · {r.status === 'complete' ? r.model : 'failed'}
                </button>
                {openEarlier === r.id && <StoredReviewView review={r} />}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Panel>
  );
}
