// Debian's Chromium driven by playwright-core (never a browser of its own download), with the flags this closed
// network needs, and axe-core's accessibility check run in a page. Browser tests skip where Chromium is absent,
// except in CI, where `.ci/run` installs it and its absence is a failure.
import fs from 'fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CPCASE_CHROMIUM ?? '/usr/bin/chromium';
export const browserAvailable = () => fs.existsSync(CHROMIUM) || process.env.CI === 'true';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  /** Where: each element's selector. */
  nodes: string[];
}

/** axe-core's findings of impact serious or critical on the page as it stands (WCAG 2.2 A and AA rules). */
export async function seriousAccessibilityFindings(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const found = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(o: object): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/**
 * Signs in to the staff pages without a browser, as one would (the local sign-in's form), following each
 * redirect by hand: the cookie header of the session it ends with.
 */
export async function signInByForm(pagesUrl: string, staffId: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      jar.set(name, value);
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const go = async (url: string, init: RequestInit = {}) => {
    const r = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: header() },
    });
    keep(r);
    return r;
  };
  const toIssuer = await go(`${pagesUrl}/sign-in`);
  const form = new URL(toIssuer.headers.get('location')!).searchParams;
  form.set('staff_id', staffId);
  const back = await go(`${pagesUrl}/local-sign-in/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const done = await go(back.headers.get('location')!);
  if (done.status !== 303)
    throw new Error(`sign-in as ${staffId} ended ${done.status}: ${await done.text()}`);
  return header();
}
