/**
 * Worker threads run TypeScript as the app does, under tsx: they inherit the app's node options,
 * which load tsx, and are given it where they would not (a test runner's child, say).
 */
export function workerExecArgv(): { execArgv?: string[] } {
  const underTsx = process.execArgv.some((argument) => argument.includes('tsx'));
  return underTsx ? {} : { execArgv: [...process.execArgv, '--import', 'tsx'] };
}
