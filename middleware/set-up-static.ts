import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { Router } from 'express';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Our assets plus the design system straight from node_modules, so upgrades need no copying. */
export function setUpStatic(rootDir: string): Router {
  const router = Router();
  const options = { maxAge: '1h', index: false, fallthrough: true } as const;
  router.use('/assets', express.static(join(rootDir, 'public'), options));
  router.use('/assets/fkui', express.static(join(packageDir('@fkui/design'), 'lib'), options));
  router.use(
    '/assets/fkui-theme',
    express.static(join(packageDir('@fkui/theme-default'), 'dist'), options),
  );
  return router;
}
