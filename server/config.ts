import { z } from 'zod';

/** Everything the server reads from the environment, validated once. The only reader of process.env. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Default: http://localhost:<PORT>, so links and the Origin check match a local start on any port. */
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The tables' owner, for migrations only; default DATABASE_URL. */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'MIGRATION_DATABASE_URL must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().optional().or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('Kreis <kreis@localhost>'),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  CLIENT_DATA_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** The HMAC key of the signals (server/signals); unset: a random key stored once in the database. */
  SIGNAL_HASH_SECRET: z.string().min(16).optional().or(z.literal('').transform(() => undefined)),
});

export type Config = {
  port: number;
  host: string;
  publicUrl: URL;
  /** Secure cookies only make sense when the public URL is https. */
  secureCookies: boolean;
  /** The app's own connection (PostgreSQL); unset: embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  /** The tables' owner, used only to migrate; the app itself should not own the trust ledger. */
  migrationDatabaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  smtpUrl: string | undefined;
  mailFrom: string;
  trustProxy: boolean;
  /** Clients' name, e-mail, phone and comment are erased this many months after the feedback. */
  clientDataRetentionMonths: number;
  /** Key of the device and network hashes; undefined: the installation's own (installation_secrets). */
  signalHashSecret: string | undefined;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new Error('Invalid configuration:\n  MIGRATION_DATABASE_URL: needs DATABASE_URL (the app\'s own connection) as well');
  }
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    secureCookies: publicUrl.protocol === 'https:',
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    clientDataRetentionMonths: e.CLIENT_DATA_RETENTION_MONTHS,
    signalHashSecret: e.SIGNAL_HASH_SECRET,
  };
}

/** A config for tests and scripts: defaults plus overrides, never the real environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent' }), ...overrides };
}
