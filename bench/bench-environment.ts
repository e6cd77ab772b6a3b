import { randomBytes } from 'node:crypto';

/**
 * The portal's environment in the bench's servers. Development config, because production
 * demands https (and with it Secure cookies a plain-http bench client would not send back);
 * nothing measured differs between the two. The parent starts the servers' process with
 * NODE_ENV=production, which turns Express's view cache on, as deployed.
 */
export function benchEnvironment(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DEMO_DATA: 'true',
    // Every PDF request renders: the bench measures rendering, not the cache of recent PDFs.
    PDF_CACHE_ENTRIES: '0',
    // All load comes from one address and a few sessions: the limits would stop the bench itself.
    RATE_LIMIT_POSTS_PER_IP: '1000000/1m',
    RATE_LIMIT_POSTS_PER_SESSION: '1000000/1m',
    RATE_LIMIT_NEW_SESSIONS_PER_IP: '1000000/1m',
    RATE_LIMIT_PDFS_PER_IP: '1000000/1m',
    RATE_LIMIT_PDFS_PER_SESSION: '1000000/1m',
    RATE_LIMIT_PASSWORD_FAILURES_PER_IP: '1000000/1m',
  };
}
