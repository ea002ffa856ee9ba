// A minimal tRPC-over-HTTP client for the bench, speaking what @trpc/server 11 serves without batching:
// a query is GET /trpc/<path>?input=<JSON of superjson.serialize(input)>, a mutation is a POST of the same
// JSON; the answer is { result: { data: <serialized> } } or { error: <serialized> }.
import superjson from 'superjson';

interface Envelope {
  result?: { data: { json: unknown } };
  error?: { json: { message: string; data?: { code?: string } } };
}

export class TrpcHttp {
  private cookie = '';

  constructor(
    private readonly baseUrl: string,
    /** better-auth accepts sign-ins only from its own site's Origin. */
    private readonly origin: string,
  ) {}

  /** The session cookie of the last sign-in, for clients on other threads. */
  get sessionCookie(): string {
    return this.cookie;
  }

  /** The URL of a query, built once and reused for every request of a scenario. */
  queryUrl(path: string, input: unknown): string {
    return `${this.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  }

  /** GETs a query URL; returns the result's JSON part (plain JSON: dates stay strings). */
  async get<T>(url: string): Promise<T> {
    const res = await fetch(url, { headers: { cookie: this.cookie } });
    return unwrap<T>(res, url);
  }

  async mutate<T>(path: string, input: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin, cookie: this.cookie },
      body: JSON.stringify(superjson.serialize(input)),
    });
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (cookies.length > 0) this.cookie = cookies.join('; ');
    return unwrap<T>(res, path);
  }
}

async function unwrap<T>(res: Response, what: string): Promise<T> {
  const body = (await res.json()) as Envelope;
  if (!res.ok || body.error || !body.result) {
    const reason = body.error ? `${body.error.json.data?.code ?? ''} ${body.error.json.message}` : 'no result';
    throw new Error(`HTTP ${res.status} from ${what.split('?')[0]}: ${reason.trim()}`);
  }
  return body.result.data.json as T;
}
