import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vnuJar from 'vnu-jar';

/** Debian's Java runtime (`apt-get install default-jre-headless`) runs the W3C Nu HTML checker. */
export const javaPath = process.env.JAVA_PATH ?? 'java';

export function javaAvailable(): boolean {
  return spawnSync(javaPath, ['-version']).status === 0;
}

/**
 * Says loudly when there is no Java; on CI (CI=true) a missing Java fails the run instead of
 * letting the HTML check pass silently.
 */
export function htmlCheckSkipReason(): string | false {
  if (javaAvailable()) return false;
  const reason = `No Java runtime (${javaPath}): the Nu HTML check is skipped (apt-get install default-jre-headless)`;
  if (process.env.CI === 'true') throw new Error(`${reason}, which CI does not allow.`);
  console.warn(`\n*** ${reason}. ***\n`);
  return reason;
}

export interface HtmlDocument {
  /** Where the HTML came from, for the report: a URL or a test's name for the page. */
  name: string;
  html: string;
}

export interface HtmlProblem {
  name: string;
  severity: 'error' | 'warning';
  text: string;
}

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/**
 * A short-lived JVM: the quick compiler only (half the CPU of a check of a few dozen pages, the
 * same report), whose larger frames need a bigger stack for the checker's schema.
 */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-Xss16m', '-XX:+UseSerialGC'];

/** Runs every document through the checker in one JVM (starting one takes seconds). */
export async function checkHtml(documents: HtmlDocument[]): Promise<HtmlProblem[]> {
  if (documents.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'vnu-'));
  try {
    const files = documents.map((document, index) => {
      const file = join(dir, `page-${String(index).padStart(3, '0')}.html`);
      writeFileSync(file, document.html);
      return file;
    });
    const nameOf = new Map(files.map((file, index) => [pathToFileURL(file).href, index]));
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        javaPath,
        [...JVM_OPTIONS, '-jar', vnuJar, '--format', 'json', '--stdout', ...files],
        { maxBuffer: 64 * 1024 * 1024 },
        // The checker exits with 1 when it found errors; its report is on stdout either way.
        (error, stdout, stderr) => {
          if (stdout.trim().startsWith('{')) resolve(stdout);
          else reject(new Error(`The Nu HTML checker failed: ${error?.message ?? ''} ${stderr}`));
        },
      );
    });
    const { messages } = JSON.parse(output) as { messages: VnuMessage[] };
    return messages
      .filter((message) => message.type !== 'info' || message.subType === 'warning')
      .map((message) => {
        const index = nameOf.get(message.url?.replace(/^file:\/(?!\/)/, 'file:///') ?? '');
        const name = index === undefined ? (message.url ?? '?') : (documents[index]?.name ?? '?');
        const where = message.lastLine ? ` (line ${message.lastLine})` : '';
        const extract = message.extract ? `: ${message.extract.trim()}` : '';
        return {
          name,
          severity: message.type === 'info' ? 'warning' : 'error',
          text: `${message.message}${where}${extract}`,
        };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
