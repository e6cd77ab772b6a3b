import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router, type Application, type Request } from 'express';
import { AssetCatalogue, type AssetEncoding } from './asset-catalogue';

const require = createRequire(import.meta.url);

const MOUNT_PATH = '/assets';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Brotli when the browser takes it (every current one does over https), else gzip. */
function encodingFor(req: Request): AssetEncoding | undefined {
  if (req.acceptsEncodings('br')) return 'br';
  if (req.acceptsEncodings('gzip')) return 'gzip';
  return undefined;
}

/**
 * Our assets plus the design system straight from node_modules (so upgrades need no copying),
 * under fingerprinted URLs; views get those URLs from `asset(name)`, also on error pages.
 */
export function setUpStatic(app: Application, rootDir: string): void {
  const catalogue = new AssetCatalogue(
    [
      { prefix: '', dir: join(rootDir, 'public') },
      { prefix: 'fkui/', dir: join(packageDir('@fkui/design'), 'lib') },
      { prefix: 'fkui-theme/', dir: join(packageDir('@fkui/theme-default'), 'dist') },
    ],
    MOUNT_PATH,
  );
  app.locals.asset = (name: string) => catalogue.url(name);

  const router = Router();
  router.get(/.*/, async (req, res, next) => {
    const found = catalogue.find(req.path);
    if (!found) {
      next();
      return;
    }
    const { asset, current } = found;
    const encoding = asset.compressible ? encodingFor(req) : undefined;
    const body = encoding ? await catalogue.compressed(asset, encoding) : asset.body;
    res.type(asset.extension);
    res.vary('Accept-Encoding');
    res.set('Cache-Control', current ? IMMUTABLE : 'no-cache');
    res.set('ETag', `"${asset.hash}${encoding ? `-${encoding}` : ''}"`);
    if (encoding) res.set('Content-Encoding', encoding);
    // send() answers 304 to a matching If-None-Match and leaves out the body for HEAD.
    res.send(body);
  });
  app.use(MOUNT_PATH, router);
}
