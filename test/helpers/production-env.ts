import type { Environment } from '../../config';

/** Settings a real installation behind an https proxy starts with (no real SMS is ever sent). */
export const productionLikeEnv: Partial<Record<keyof Environment, string>> = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'a-long-production-like-secret-of-40-chars',
  BASE_URL: 'https://etjanst.exempelby.example',
  TRUST_PROXY: '1',
  SMS_PROVIDER: 'http',
  SMS_API_URL: 'https://sms.exempelby.example/a1/sms',
  SMS_API_USERNAME: 'u0123abc',
  SMS_API_PASSWORD: 'api-password',
};
