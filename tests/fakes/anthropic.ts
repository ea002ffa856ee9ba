// A fake Anthropic Messages API of our own, real HTTP on 127.0.0.1 (port 0), reached through @anthropic-ai/sdk
// with ANTHROPIC_BASE_URL. It answers POST /v1/messages from a script: messages with text and tool_use blocks
// (as JSON, or as the SSE events of a streamed answer when the request asks for stream), or failures (429, 500,
// with their headers). The key must come as the SDK sends it (Authorization: Bearer, or x-api-key).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBlock = { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: unknown; id?: string };

export interface FakeAnswer {
  content: FakeBlock[];
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
  usage?: { input_tokens: number; output_tokens: number };
  /** Wait this long before answering (a slow Claude). */
  delayMs?: number;
  /**
   * Streamed answers only: send the start and the first piece of each block, then keep writing nothing until the
   * client goes away (a Claude that is still writing when the user presses Stop).
   */
  hold?: boolean;
}

export interface FakeFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type FakeReply = FakeAnswer | FakeFailure;

export interface FakeRequest {
  headers: IncomingMessage['headers'];
  /** Settles when the exchange ends: 'aborted' when the client closed the connection before the answer ended. */
  closed: Promise<'finished' | 'aborted'>;
  body: {
    model: string;
    stream?: boolean;
    system?: unknown;
    messages: { role: string; content: unknown }[];
    tools?: { name: string }[];
    tool_choice?: unknown;
    max_tokens: number;
  };
}

export interface FakeAnthropic {
  url: string;
  apiKey: string;
  /** The env settings that point Tru-CRM here. */
  env: Record<string, string>;
  /** Queues replies, answered in order, one per request. */
  reply(...replies: FakeReply[]): void;
  /** Answers every request the queue does not cover by calling this (a conversation the test scripts by content). */
  respondWith(responder: ((request: FakeRequest) => FakeReply) | null): void;
  requests: FakeRequest[];
  close(): Promise<void>;
}

const isFailure = (r: FakeReply): r is FakeFailure => 'status' in r;
const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function messageOf(answer: FakeAnswer, model: string) {
  const content = answer.content.map((b) => (b.type === 'text' ? { type: 'text', text: b.text } : { type: 'tool_use', id: b.id ?? newId('toolu'), name: b.name, input: b.input }));
  return {
    id: newId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: answer.stopReason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: answer.usage ?? { input_tokens: 100, output_tokens: 50 },
  };
}

/** Cuts text in a few pieces, as Claude streams it. */
function pieces(text: string, size = 24): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

function writeStream(res: ServerResponse, answer: FakeAnswer, model: string): void {
  if (answer.hold) {
    writeHeldStream(res, answer, model);
    return;
  }
  const message = messageOf(answer, model);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { input_tokens: message.usage.input_tokens, output_tokens: 1 } },
  });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const text of pieces(block.text!)) send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    } else {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      for (const partial_json of pieces(JSON.stringify(block.input))) {
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
      }
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

/** The start of a streamed answer and its first text, then silence until the client hangs up. */
function writeHeldStream(res: ServerResponse, answer: FakeAnswer, model: string): void {
  const message = messageOf(answer, model);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: message.usage.input_tokens, output_tokens: 1 } } });
  const first = message.content[0];
  if (first?.type === 'text') {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: pieces(first.text!)[0] } });
  } else if (first) {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: first.id, name: first.name, input: {} } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: pieces(JSON.stringify(first.input))[0] } });
  }
}

export async function startFakeAnthropic(options: { apiKey?: string; port?: number } = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? `sk-ant-fake-${randomBytes(6).toString('hex')}`;
  const queue: FakeReply[] = [];
  let responder: ((request: FakeRequest) => FakeReply) | null = null;
  const requests: FakeRequest[] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        json(404, { type: 'error', error: { type: 'not_found_error', message: `fake: no ${req.method} ${req.url}` } });
        return;
      }
      const bearer = req.headers.authorization?.replace(/^Bearer /, '');
      if (bearer !== apiKey && req.headers['x-api-key'] !== apiKey) {
        json(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
        return;
      }
      const closed = new Promise<'finished' | 'aborted'>((resolve) => res.once('close', () => resolve(res.writableEnded ? 'finished' : 'aborted')));
      const request: FakeRequest = { headers: req.headers, closed, body: JSON.parse(raw) as FakeRequest['body'] };
      requests.push(request);
      const reply = queue.shift() ?? responder?.(request);
      if (!reply) {
        json(500, { type: 'error', error: { type: 'api_error', message: 'fake: nothing scripted for this request' } }, { 'x-should-retry': 'false' });
        return;
      }
      if (isFailure(reply)) {
        const kind = reply.status === 429 ? 'rate_limit_error' : reply.status === 529 ? 'overloaded_error' : 'api_error';
        json(reply.status, reply.body ?? { type: 'error', error: { type: kind, message: `fake ${reply.status}` } }, reply.headers);
        return;
      }
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (request.body.stream) writeStream(res, reply, request.body.model);
      else json(200, messageOf(reply, request.body.model));
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json', 'x-should-retry': 'false' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `fake crashed: ${String(error)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiKey,
    env: { ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: url },
    reply: (...replies) => queue.push(...replies),
    respondWith: (r) => (responder = r),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
