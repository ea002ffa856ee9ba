// The only reader of process.env: every setting is parsed and validated here, once, at start-up.
import { isIP } from 'node:net';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../shared/schemas/users';
import { passwordWeakness } from './auth/passwordStrength';

const DEMO_ENCRYPTION_KEY = 'ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q='; // 32 bytes, demo mode only

const boolString = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** Express's `trust proxy`: false, how many proxies stand in front, or their addresses and subnets. */
export type TrustProxy = false | number | string[];

// Names proxy-addr (Express's `trust proxy`) knows for the loopback, link-local and private ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * `true` is refused: Express would then take the leftmost X-Forwarded-For entry, which the client writes
 * itself, as its address, and every per-address limit could be dodged by changing that header.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (lower === 'false' || lower === '0') return false;
    if (lower === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          'cannot be true: that trusts any X-Forwarded-For a client makes up. Set how many proxies stand in front ' +
          'of Tru-CRM (usually 1) or their addresses, e.g. TRUST_PROXY=1 or TRUST_PROXY=10.0.0.0/8',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) {
        ctx.addIssue({ code: 'custom', message: 'must be a number of proxies from 0 to 10, or their addresses' });
        return z.NEVER;
      }
      return hops;
    }
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.find((e) => !isProxyAddress(e));
    if (bad !== undefined || entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be false, a number of proxies, or addresses/subnets like 10.0.0.0/8,loopback (not "${bad ?? value}")`,
      });
      return z.NEVER;
    }
    return entries;
  });

const baseUrl = z.url({ message: 'must be an http(s) URL' }).refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL');

const envSchema = z
  .object({
    DATABASE_URL: z
      .url({ message: 'must be a URL like mysql://user:password@host:3306/trucrm' })
      .refine((v) => v.startsWith('mysql://'), 'must start with mysql://')
      .default('mysql://root@127.0.0.1:3306/trucrm'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.url({ message: 'must be the URL users open, like https://crm.example.com' }).optional(),
    /** 32 bytes, base64 or 64 hex characters: encrypts OAuth tokens and signs sessions. */
    ENCRYPTION_KEY: z
      .string()
      .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as base64 (44 characters) or hex (64 characters)')
      .optional(),
    ADMIN_EMAIL: z.email({ message: 'must be an email address' }).optional(),
    /** The first admin meets the rules users.create applies to everyone after them. */
    ADMIN_PASSWORD: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(128).optional(),
    ADMIN_NAME: z.string().min(1).default('Administrator'),
    /** Load the demo organisation into an empty database (the default when no ADMIN_EMAIL is given). */
    DEMO_DATA: boolString.optional(),
    TRUST_PROXY: trustProxy.default(false),
    /** However active, a session ends this long after its sign-in. */
    SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** The largest spreadsheet POST /api/uploads accepts, in megabytes. */
    UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(2000).default(200),
    /** A scheduled report's CSV up to this size is attached to its email; a larger one is sent as a link. */
    REPORT_ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(50).default(5),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
    SCHEDULER_ENABLED: boolString.default(true),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    // Email capture (server/capture): each base URL defaults to the real service; tests point them at fakes.
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
    GOOGLE_PUBSUB_TOPIC: z
      .string()
      .regex(/^projects\/[^/]+\/topics\/[^/]+$/, 'must look like projects/<project>/topics/<topic>')
      .optional(),
    GOOGLE_PUSH_AUDIENCE: z.string().optional(),
    GOOGLE_PUSH_SERVICE_ACCOUNT: z.email({ message: 'must be the push service account email' }).optional(),
    GOOGLE_PUSH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    GOOGLE_API_ROOT_URL: baseUrl.optional(),
    GOOGLE_OAUTH_AUTH_URL: baseUrl.default('https://accounts.google.com/o/oauth2/v2/auth'),
    GOOGLE_OAUTH_TOKEN_URL: baseUrl.default('https://oauth2.googleapis.com/token'),
    GOOGLE_OAUTH_REVOKE_URL: baseUrl.default('https://oauth2.googleapis.com/revoke'),
    GOOGLE_OIDC_CERTS_URL: baseUrl.default('https://www.googleapis.com/oauth2/v1/certs'),
    MICROSOFT_CLIENT_ID: z.string().optional(),
    MICROSOFT_CLIENT_SECRET: z.string().optional(),
    MICROSOFT_TENANT_ID: z.string().default('common'),
    MICROSOFT_LOGIN_URL: baseUrl.default('https://login.microsoftonline.com'),
    MICROSOFT_GRAPH_URL: baseUrl.default('https://graph.microsoft.com'),
    // The assistant (server/assistant): off without a key; the base URL points the SDK elsewhere (tests: a fake).
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_BASE_URL: baseUrl.optional(),
    ANTHROPIC_MODEL: z.string().min(1).max(100).default('claude-sonnet-4-6'),
    /** The organisation's own email domains, comma-separated: seeds Settings -> Organisation while it is empty. */
    /** smtp(s)://user:pass@host:port; without it mail stays in the app's inbox. */
    SMTP_URL: z
      .url({ message: 'must be a URL like smtps://user:password@smtp.example.com:465' })
      .refine((v) => /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().trim().min(3).default('Tru-CRM <no-reply@localhost>'),
    /** Slack incoming webhooks must start with this (tests point it at a local server). */
    SLACK_WEBHOOK_BASE: baseUrl.default('https://hooks.slack.com/'),
    ORG_DOMAINS: z
      .string()
      .refine(
        (v) => v.split(',').map((d) => d.trim().replace(/^@/, '')).filter(Boolean).every((d) => /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(d)),
        'must be domains separated by commas, like acme.com,acme.co.uk',
      )
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.ADMIN_EMAIL && !v.ADMIN_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'is required when ADMIN_EMAIL is set' });
    }
    const weakness = v.ADMIN_PASSWORD ? passwordWeakness(v.ADMIN_PASSWORD, [v.ADMIN_EMAIL, v.ADMIN_NAME]) : null;
    if (weakness) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: `is too easy to guess: ${weakness}` });
    }
    if (v.GOOGLE_PUSH_AUDIENCE && !v.GOOGLE_PUSH_SERVICE_ACCOUNT) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_PUSH_SERVICE_ACCOUNT'],
        message: 'is required with GOOGLE_PUSH_AUDIENCE: the push subscription\'s service account email',
      });
    }
    if (v.ADMIN_EMAIL && !v.ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEY'],
        message: 'is required outside demo mode (generate one with: openssl rand -base64 32)',
      });
    }
  });

export interface Env {
  databaseUrl: string;
  port: number;
  publicUrl: string;
  encryptionKey: Buffer;
  /** True when running on the built-in demo key: fine for a trial, never for real data. */
  usingDemoKey: boolean;
  admin: { email: string; password: string; name: string } | null;
  demoData: boolean;
  /** Passed to Express's `trust proxy`: decides req.ip, and so every per-address limit. */
  trustProxy: TrustProxy;
  /** The absolute lifetime of a session, sliding refreshes included. */
  sessionMaxAgeDays: number;
  /** POST /api/uploads refuses a larger file with 413. */
  uploadMaxBytes: number;
  /** A scheduled report's CSV larger than this is emailed as a link instead of an attachment. */
  reportAttachmentMaxBytes: number;
  workerConcurrency: number;
  jobLeaseSeconds: number;
  schedulerEnabled: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  google: GoogleEnv;
  microsoft: MicrosoftEnv;
  /** ORG_DOMAINS, lower-cased: the default of the orgDomains setting while it is empty. */
  orgDomains: string[];
  /** Outgoing mail: null smtpUrl means mail is not configured and stays in the app. */
  mail: { smtpUrl: string | null; from: string };
  slack: { webhookBase: string };
  anthropic: AnthropicEnv;
}

export interface AnthropicEnv {
  /** A key is set: deal reviews and the assistant work. Without one they say AI is not configured. */
  configured: boolean;
  apiKey: string | null;
  /** The SDK's baseURL; null for Anthropic's own API. */
  baseUrl: string | null;
  model: string;
}

export interface GoogleEnv {
  /** Client id and secret are both set: "Connect Google" works. */
  configured: boolean;
  clientId: string | null;
  clientSecret: string | null;
  pubsubTopic: string | null;
  /** Verify the Pub/Sub push's OIDC token: its audience, and the service account it must come from. */
  pushAudience: string | null;
  pushServiceAccount: string | null;
  /** The documented alternative: a secret `token` query parameter on the push URL. */
  pushToken: string | null;
  /** googleapis' rootUrl; null for the library's own (the real service). */
  apiRootUrl: string | null;
  oauthAuthUrl: string;
  oauthTokenUrl: string;
  oauthRevokeUrl: string;
  oidcCertsUrl: string;
}

export interface MicrosoftEnv {
  configured: boolean;
  clientId: string | null;
  clientSecret: string | null;
  tenantId: string;
  loginUrl: string;
  graphUrl: string;
}

export class EnvError extends Error {}

function decodeKey(value: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return key.length === 32 ? key : null;
}

/** Parses the environment; throws EnvError with one line naming the first bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EnvError(`Configuration error: ${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  }
  const v = parsed.data;
  return {
    databaseUrl: v.DATABASE_URL,
    port: v.PORT,
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, ''),
    encryptionKey: decodeKey(v.ENCRYPTION_KEY ?? DEMO_ENCRYPTION_KEY)!,
    usingDemoKey: !v.ENCRYPTION_KEY,
    admin: v.ADMIN_EMAIL ? { email: v.ADMIN_EMAIL.toLowerCase(), password: v.ADMIN_PASSWORD!, name: v.ADMIN_NAME } : null,
    demoData: v.DEMO_DATA ?? !v.ADMIN_EMAIL,
    trustProxy: v.TRUST_PROXY,
    sessionMaxAgeDays: v.SESSION_MAX_AGE_DAYS,
    uploadMaxBytes: v.UPLOAD_MAX_MB * 1024 * 1024,
    reportAttachmentMaxBytes: v.REPORT_ATTACHMENT_MAX_MB * 1024 * 1024,
    workerConcurrency: v.WORKER_CONCURRENCY,
    jobLeaseSeconds: v.JOB_LEASE_SECONDS,
    schedulerEnabled: v.SCHEDULER_ENABLED,
    logLevel: v.LOG_LEVEL,
    google: {
      configured: Boolean(v.GOOGLE_CLIENT_ID && v.GOOGLE_CLIENT_SECRET),
      clientId: v.GOOGLE_CLIENT_ID ?? null,
      clientSecret: v.GOOGLE_CLIENT_SECRET ?? null,
      pubsubTopic: v.GOOGLE_PUBSUB_TOPIC ?? null,
      pushAudience: v.GOOGLE_PUSH_AUDIENCE ?? null,
      pushServiceAccount: v.GOOGLE_PUSH_SERVICE_ACCOUNT?.toLowerCase() ?? null,
      pushToken: v.GOOGLE_PUSH_TOKEN ?? null,
      apiRootUrl: v.GOOGLE_API_ROOT_URL ? v.GOOGLE_API_ROOT_URL.replace(/\/?$/, '/') : null,
      oauthAuthUrl: v.GOOGLE_OAUTH_AUTH_URL,
      oauthTokenUrl: v.GOOGLE_OAUTH_TOKEN_URL,
      oauthRevokeUrl: v.GOOGLE_OAUTH_REVOKE_URL,
      oidcCertsUrl: v.GOOGLE_OIDC_CERTS_URL,
    },
    microsoft: {
      configured: Boolean(v.MICROSOFT_CLIENT_ID && v.MICROSOFT_CLIENT_SECRET),
      clientId: v.MICROSOFT_CLIENT_ID ?? null,
      clientSecret: v.MICROSOFT_CLIENT_SECRET ?? null,
      tenantId: v.MICROSOFT_TENANT_ID,
      loginUrl: v.MICROSOFT_LOGIN_URL.replace(/\/$/, ''),
      graphUrl: v.MICROSOFT_GRAPH_URL.replace(/\/$/, ''),
    },
    mail: { smtpUrl: v.SMTP_URL ?? null, from: v.MAIL_FROM },
    slack: { webhookBase: v.SLACK_WEBHOOK_BASE },
    anthropic: {
      configured: Boolean(v.ANTHROPIC_API_KEY),
      apiKey: v.ANTHROPIC_API_KEY ?? null,
      baseUrl: v.ANTHROPIC_BASE_URL ? v.ANTHROPIC_BASE_URL.replace(/\/$/, '') : null,
      model: v.ANTHROPIC_MODEL,
    },
    orgDomains: (v.ORG_DOMAINS ?? '')
      .split(',')
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean),
  };
}
