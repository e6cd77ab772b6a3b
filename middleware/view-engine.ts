import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';

type Include = (name: string, data?: object) => string;
type Template = (locals: object, escape: (value: unknown) => string, include: Include) => string;
type Done = (error: Error | null, html?: string) => void;

interface RenderOptions {
  cache?: boolean;
}

/**
 * Express's view engine for our EJS views. Templates are EJS's own compiled functions; what
 * differs is `include`: EJS copies every local into a fresh object for each include (a step
 * page has some fifty, each copying the whole page's locals) and resolves its path each time.
 * Here an include's locals are a thin object over the includer's (its own data on top, the rest
 * read through the prototype, which `with` and `typeof` see alike), and paths are named from
 * the views folder ('/partials/…'), so the compiled template is found by name alone.
 */
export function viewEngine(viewsDir: string) {
  const compiled = new Map<string, Template>();

  function templateAt(file: string, cache: boolean): Template {
    const kept = compiled.get(file);
    if (kept && cache) return kept;
    const template = ejs.compile(readFileSync(file, 'utf8'), {
      client: true,
      filename: file,
    }) as unknown as Template;
    if (cache) compiled.set(file, template);
    return template;
  }

  function render(file: string, locals: object, cache: boolean): string {
    const include: Include = (name, data) =>
      render(join(viewsDir, `${name}.ejs`), localsOver(locals, data), cache);
    return templateAt(file, cache)(locals, ejs.escapeXML, include);
  }

  return (file: string, options: RenderOptions, done: Done) => {
    let html: string;
    try {
      html = render(file, options, options.cache === true);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    done(null, html);
  };
}

/**
 * An include's own locals: its data as own properties over the includer's. Always a new object,
 * so a partial that assigns to a name never changes its includer's; defined, not assigned, so a
 * `__proto__` key in the data is just a name, never a new prototype.
 */
function localsOver(locals: object, data: object | undefined): object {
  const own = Object.create(locals) as object;
  for (const [name, value] of Object.entries(data ?? {})) {
    Object.defineProperty(own, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return own;
}
