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
      render(
        join(viewsDir, `${name}.ejs`),
        data === undefined ? locals : Object.assign(Object.create(locals) as object, data),
        cache,
      );
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
