// Ask the CRM: the user's conversations on the left, the open one on the right. Each answer shows the tool calls
// Claude made as steps (what it looked up, and what came back) and links the records it names.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AskLink, AskStep } from '../../../shared/schemas/assistant';
import { Button } from '../components/Button';
import { PageHeader } from '../components/PageHeader';
import { Spinner } from '../components/States';
import '../components/assistant/assistant.css';
import { canSaveAsReport, SaveAnswerAsReport } from '../components/assistant/SaveAnswerAsReport';
import { Thumbs } from '../components/assistant/Thumbs';
import { errorMessage } from '../lib/errors';
import { formatRelative } from '../lib/format';
import { parseId, recordPath } from '../lib/records';
import { type RouterOutputs, useTRPC, useTRPCClient } from '../trpc';

type StoredMessage = RouterOutputs['ai']['conversation']['messages'][number];
type Live = { question: string; steps: AskStep[]; text: string; error: string | null };

const LINK = /\[([^\]\n]{1,200})\]\((account|contact|lead|opportunity|project|case):(\d{1,12})\)/g;

/** The answer's text with its [name](type:id) references as links, where the answer's links name that record. */
function AnswerText({ text, links }: { text: string; links: AskLink[] }) {
  const known = new Set(links.map((l) => `${l.type}:${l.id}`));
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(LINK)) {
    parts.push(text.slice(at, m.index));
    const key = `${m[2]}:${m[3]}`;
    parts.push(known.has(key) ? <Link key={`${key}-${m.index}`} to={recordPath(m[2] as AskLink['type'], m[3]!)}>{m[1]}</Link> : m[1]);
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return (
    <div className="ask-answer__text">
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </div>
  );
}

function Steps({ steps }: { steps: AskStep[] }) {
  if (steps.length === 0) return null;
  return (
    <ol className="ask-steps" aria-label="Steps">
      {steps.map((s, i) => (
        <li key={i} className={s.ok ? 'ask-step' : 'ask-step ask-step--refused'}>
          <details>
            <summary>
              <span className="ask-step__tool">{s.tool.replace(/_/g, ' ')}</span> → {s.summary}
            </summary>
            <pre className="ask-step__input">{JSON.stringify(s.input, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

function Turn({ message }: { message: StoredMessage }) {
  if (message.role === 'user') return <div className="ask-question">{message.content}</div>;
  return (
    <div className={message.status === 'failed' ? 'ask-answer ask-answer--failed' : 'ask-answer'}>
      <Steps steps={message.steps ?? []} />
      <AnswerText text={message.content} links={message.links ?? []} />
      {message.status === 'cancelled' && <p className="muted-text">Stopped before Claude finished.</p>}
      {message.status === 'complete' && canSaveAsReport(message.steps) && (
        <div className="ask-answer__actions">
          <SaveAnswerAsReport messageId={message.id} />
        </div>
      )}
      {message.model && (
        <p className="review-meta muted-text">
          <span>{message.model}</span>
          <span>prompt {message.promptVersion}</span>
          <span>
            {message.rounds} round{message.rounds === 1 ? '' : 's'}
          </span>
          <span>
            {message.inputTokens} → {message.outputTokens} tokens
          </span>
          <span>{(message.latencyMs / 1000).toFixed(1)} s</span>
          {message.status === 'complete' && message.model !== 'demo' && <Thumbs kind="answer" id={message.id} value={message.feedback} />}
        </p>
      )}
    </div>
  );
}

export default function AskPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const conversationId = parseId(useParams().id);
  const status = useQuery(trpc.ai.status.queryOptions());
  const conversations = useQuery(trpc.ai.conversations.queryOptions());
  const conversation = useQuery({ ...trpc.ai.conversation.queryOptions({ id: conversationId ?? 0 }), enabled: conversationId !== null });
  const [question, setQuestion] = useState('');
  const [live, setLive] = useState<Live | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);
  // Stop closes the streaming request; the server aborts its call to Claude and keeps the answer so far, cancelled.
  const stopper = useRef<AbortController | null>(null);
  const configured = status.data?.configured ?? false;
  const busy = live !== null && live.error === null;

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [live, conversation.data]);

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    const text = question.trim();
    if (!text) {
      setFormError('Type a question');
      return;
    }
    setFormError(null);
    setLive({ question: text, steps: [], text: '', error: null });
    setQuestion('');
    let target = conversationId;
    const stop = new AbortController();
    stopper.current = stop;
    try {
      for await (const e of await client.ai.ask.mutate({ conversationId: conversationId ?? undefined, question: text }, { signal: stop.signal })) {
        if (e.type === 'started') target = e.conversationId;
        if (e.type === 'step') setLive((l) => l && { ...l, steps: [...l.steps, e.step], text: '' });
        if (e.type === 'text') setLive((l) => l && { ...l, text: l.text + e.delta });
        if (e.type === 'error') setLive((l) => l && { ...l, error: e.message });
        if (e.type === 'done') setLive(null);
      }
    } catch (error) {
      if (stop.signal.aborted) {
        setLive(null);
        // The server stores the stopped answer once it has seen the request close.
        await new Promise((resolve) => setTimeout(resolve, 500));
      } else setLive((l) => l && { ...l, error: errorMessage(error) });
    } finally {
      stopper.current = null;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.ai.conversations.queryKey() });
    if (target !== null) {
      await queryClient.invalidateQueries({ queryKey: trpc.ai.conversation.queryKey({ id: target }) });
      if (target !== conversationId) navigate(`/assistant/${target}`);
    }
  };

  const messages = conversationId !== null ? (conversation.data?.messages ?? []) : [];
  return (
    <>
      <PageHeader title="Ask the CRM" subtitle="Claude answers from your CRM through read-only look-ups that run with your permissions." />
      <div className="ask-layout">
        <nav className="ask-conversations" aria-label="Conversations">
          <Button size="sm" onClick={() => { setLive(null); navigate('/assistant'); }}>
            New conversation
          </Button>
          {conversations.data?.length === 0 && <p className="muted-text">No conversations yet.</p>}
          <ul>
            {conversations.data?.map((c) => (
              <li key={c.id}>
                <Link to={`/assistant/${c.id}`} className={c.id === conversationId ? 'ask-conversation ask-conversation--open' : 'ask-conversation'} aria-current={c.id === conversationId ? 'page' : undefined}>
                  <span className="ask-conversation__title">{c.title}</span>
                  <span className="muted-text">{formatRelative(c.updatedAt)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <section className="ask-chat" aria-label="Chat">
          <div className="ask-thread">
            {conversationId !== null && conversation.isPending && <Spinner />}
            {conversationId !== null && conversation.isError && <p className="review-error">{errorMessage(conversation.error)}</p>}
            {messages.length === 0 && !live && (
              <div className="ask-empty muted-text">
                <p>Ask about your pipeline, for example:</p>
                <ul>
                  <li>Which of my deals closing this quarter have no economic buyer?</li>
                  <li>What is our win rate against Acme over the last two quarters?</li>
                  <li>What happened lately on the Globex deal?</li>
                </ul>
              </div>
            )}
            {messages.map((m) => (
              <Turn key={m.id} message={m} />
            ))}
            {live && (
              <>
                <div className="ask-question">{live.question}</div>
                <div className="ask-answer" aria-live="polite" aria-busy={busy}>
                  <Steps steps={live.steps} />
                  {live.text && <AnswerText text={live.text} links={[]} />}
                  {busy && (
                    <p className="review-progress">
                      <span className="spinner spinner--inline" aria-hidden="true" /> {live.steps.length === 0 ? 'Thinking…' : 'Looking things up…'}
                    </p>
                  )}
                  {live.error && (
                    <p className="review-error" role="alert">
                      {live.error}
                    </p>
                  )}
                </div>
              </>
            )}
            <div ref={endRef} />
          </div>
          <form className="ask-form" onSubmit={(e) => void ask(e)}>
            <label htmlFor="ask-question" className="visually-hidden">
              Your question
            </label>
            <textarea
              id="ask-question"
              value={question}
              rows={2}
              maxLength={2000}
              placeholder={configured ? 'Ask a question about your pipeline…' : 'AI is not configured on this server'}
              disabled={!configured || busy}
              onChange={(e) => setQuestion(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              aria-invalid={formError ? true : undefined}
              aria-describedby={formError ? 'ask-question-error' : undefined}
            />
            {/* Keys: a new element, so the click on Stop cannot go on to submit the form once Ask takes its place. */}
            {busy ? (
              <Button key="stop" type="button" onClick={() => stopper.current?.abort()}>
                Stop
              </Button>
            ) : (
              <Button key="ask" type="submit" variant="primary" disabled={!configured}>
                Ask
              </Button>
            )}
            {formError && (
              <p id="ask-question-error" className="field__error">
                {formError}
              </p>
            )}
            {!configured && !status.isPending && <p className="muted-text">AI is not configured: an admin sets ANTHROPIC_API_KEY to turn on the assistant.</p>}
          </form>
        </section>
      </div>
    </>
  );
}
