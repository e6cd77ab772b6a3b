import type { DatabaseHandle } from './db/database';

export class HealthService {
  constructor(private readonly database: DatabaseHandle) {}

  /** True when the database answers; used by /readyz so a load balancer can route around us. */
  async isReady(): Promise<boolean> {
    try {
      await this.database.ping();
      return true;
    } catch {
      return false;
    }
  }
}
