import { ConfigError, describeDatabase, loadDatabaseConfig, type DatabaseConfig } from '../config';

/**
 * The database a command-line tool works on (DATABASE_URL, DATABASE_SCHEMA; nothing of the web
 * server's settings), named first on stderr beside the tool's own output, so a forgotten setting
 * is seen before anything is done. A setting that cannot be read ends the tool with `refusal`.
 */
export function toolDatabase(refusal: string): DatabaseConfig {
  let config: DatabaseConfig;
  try {
    config = loadDatabaseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${refusal}\n${error.message}`);
    process.exit(1);
  }
  console.error(`Database: ${describeDatabase(config)}`);
  return config;
}
