// The staff pages' frame in GOV.UK Frontend's markup (its stylesheet and fonts served from the npm package), so
// council staff meet the patterns they know. No script: every page works without JavaScript.
import { escapeHtml } from '../report/escape';

export const esc = escapeHtml;

/** HTML put together from escaped parts: a string marked as already safe. */
export interface Html {
  readonly html: string;
}
export const raw = (html: string): Html => ({ html });
export const join = (parts: Html[], sep = ''): Html => raw(parts.map((p) => p.html).join(sep));

export interface Frame {
  title: string;
  /** The signed-in person, for the header; absent on the sign-in and fault pages before sign-in. */
  signedIn?: { id: string; name: string };
  /** Which of the header's links is this page. */
  current?: 'owed' | 'live' | 'report';
  /** Shown for the embedded default: nobody's sign-in is checked against the council's. */
  localSignIn?: boolean;
}

/** GOV.UK's service navigation: the service's name and, once signed in, its pages. No crown: the pages are the council's. */
function navigation(f: Frame): string {
  const item = (href: string, label: string, key: Frame['current']) =>
    `<li class="govuk-service-navigation__item${f.current === key ? ' govuk-service-navigation__item--active' : ''}">` +
    `<a class="govuk-service-navigation__link" href="${href}"${f.current === key ? ' aria-current="page"' : ''}>${label}</a></li>`;
  const items = f.signedIn
    ? `<nav aria-label="Menu" class="govuk-service-navigation__wrapper"><ul class="govuk-service-navigation__list" id="navigation">` +
      item('/', 'What I owe', 'owed') +
      item('/live', 'Overdue and due soon', 'live') +
      item('/report', 'Annual report', 'report') +
      `<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/sign-out">Sign out ${esc(f.signedIn.name)} (${esc(f.signedIn.id)})</a></li>` +
      `</ul></nav>`
    : '';
  return `<header class="govuk-service-navigation" aria-label="Service"><div class="govuk-width-container"><div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name"><a href="/" class="govuk-service-navigation__link">cpcase: child protection deadlines</a></span>
${items}</div></div></header>`;
}

export function page(f: Frame, body: Html): string {
  const banner = f.localSignIn
    ? `<div class="govuk-phase-banner govuk-width-container"><p class="govuk-phase-banner__content">` +
      `<strong class="govuk-tag govuk-phase-banner__content__tag">Local</strong>` +
      `<span class="govuk-phase-banner__text">Signed in by the local sign-in (no password): for the dev server and tests. ` +
      `A council signs staff in with its own identity provider.</span></p></div>`
    : '';
  return `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${esc(f.title)} - cpcase</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<link rel="stylesheet" href="/stylesheets/govuk-frontend.min.css">
<link rel="stylesheet" href="/stylesheets/cpcase.css">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
${navigation(f)}
${banner}
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
${body.html}
</main>
</div>
<footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta"><div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<p class="govuk-body-s">About a child protection case: for the staff working on it. Cases are named by reference only. Every look at a case is recorded.</p>
</div></div></div></footer>
</body>
</html>`;
}

/** A table in GOV.UK's style; cells are escaped unless given as Html. */
export function table(caption: string, headers: string[], rows: (string | Html)[][]): Html {
  const cell = (c: string | Html) => (typeof c === 'string' ? esc(c) : c.html);
  // Wide tables scroll inside their own region on a phone, not the whole page; the region takes focus so a
  // keyboard can scroll it too.
  return raw(
    `<div class="cpcase-scroll" role="region" aria-label="${esc(caption)}" tabindex="0">` +
      `<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">${esc(caption)}</caption>` +
      `<thead class="govuk-table__head"><tr class="govuk-table__row">${headers
        .map((h) => `<th scope="col" class="govuk-table__header">${esc(h)}</th>`)
        .join('')}</tr></thead><tbody class="govuk-table__body">${rows
        .map(
          (r) =>
            `<tr class="govuk-table__row">${r.map((c) => `<td class="govuk-table__cell">${cell(c)}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table></div>`,
  );
}

/** The pages' own few rules beside GOV.UK Frontend's. */
export const CPCASE_CSS =
  '.cpcase-scroll{overflow-x:auto;margin-bottom:20px}.cpcase-scroll:focus{outline:3px solid #ffdd00}\n';

export function summaryList(rows: [string, string | Html][]): Html {
  return raw(
    `<dl class="govuk-summary-list">${rows
      .map(
        ([k, v]) =>
          `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(k)}</dt>` +
          `<dd class="govuk-summary-list__value">${typeof v === 'string' ? esc(v) : v.html}</dd></div>`,
      )
      .join('')}</dl>`,
  );
}

export const tag = (text: string, colour: 'red' | 'green' | 'yellow' | 'grey' | 'blue') =>
  raw(`<strong class="govuk-tag govuk-tag--${colour}">${esc(text)}</strong>`);

export const warning = (text: string) =>
  raw(
    `<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>` +
      `<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>${esc(text)}</strong></div>`,
  );

export const heading = (text: string, caption?: string) =>
  raw(
    `${caption ? `<span class="govuk-caption-l">${esc(caption)}</span>` : ''}<h1 class="govuk-heading-l">${esc(text)}</h1>`,
  );

export const para = (text: string) => raw(`<p class="govuk-body">${esc(text)}</p>`);
export const link = (href: string, text: string) =>
  raw(`<a class="govuk-link" href="${esc(href)}">${esc(text)}</a>`);
