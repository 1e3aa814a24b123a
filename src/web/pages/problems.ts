// Plain pages for what went wrong: the right status code, never a stack trace, and never a hint of whether a
// case the person may not see exists (one page for "no such case" and "not yours").
import { heading, join, link, para, raw, type Html } from '../html';

export interface Problem {
  status: number;
  title: string;
  body: Html;
}

export const notFound = (what: string): Problem => ({
  status: 404,
  title: 'Page not found',
  body: join([
    heading('No case or page here that you may see'),
    para(
      `There is no ${what} that you may see. Check the reference in your email, or ask the safeguarding administrator.`,
    ),
    raw(`<p class="govuk-body">${link('/', 'Go to what you owe').html}</p>`),
  ]),
});

export const signInExpired = (next: string): Problem => ({
  status: 401,
  title: 'Your sign-in has ended',
  body: join([
    heading('Your sign-in has ended'),
    para('For the children’s safety, a sign-in lasts a working day at most.'),
    raw(
      `<a href="/sign-in?next=${encodeURIComponent(next)}" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Sign in again</a>`,
    ),
  ]),
});

export const notInDirectory = (problem: string): Problem => ({
  status: 403,
  title: 'Not in the directory',
  body: join([
    heading('You cannot see cases yet'),
    para(`${problem}. Ask the safeguarding administrator to add you.`),
  ]),
});

export const notForYou = (what: string): Problem => ({
  status: 403,
  title: 'Not for you',
  body: join([
    heading(`The ${what} is not shown to you`),
    para('It is for the head of service, the QA manager and administrators.'),
  ]),
});

export const unavailable = (what: string): Problem => ({
  status: 503,
  title: 'Not answering',
  body: join([
    heading('This page cannot be shown just now'),
    para(
      `${what.replace(/^./, (c) => c.toUpperCase())} is not answering. Nothing has been lost; try again in a few minutes.`,
    ),
    para('If it goes on, tell the safeguarding administrator.'),
    raw(`<p class="govuk-body">${link('/', 'Go to what you owe').html}</p>`),
  ]),
});

export const signInFailed = (detail: string): Problem => ({
  status: 502,
  title: 'Sign-in did not work',
  body: join([
    heading('Sign-in did not work'),
    para(`The council's sign-in could not complete: ${detail}.`),
    raw(
      `<a href="/sign-in" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Try again</a>`,
    ),
  ]),
});

export const failed = (): Problem => ({
  status: 500,
  title: 'Something went wrong',
  body: join([
    heading('Something went wrong'),
    para('The page could not be shown. It has been logged; nothing was changed.'),
  ]),
});

export const signedOut = (): Problem => ({
  status: 200,
  title: 'Signed out',
  body: join([
    heading('You have signed out'),
    raw(`<p class="govuk-body">${link('/sign-in', 'Sign in').html}</p>`),
  ]),
});

export const badAddress = (message: string): Problem => ({
  status: 400,
  title: 'Not understood',
  body: join([heading('That address was not understood'), para(message)]),
});
