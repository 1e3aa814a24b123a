// The one way a rule refuses an event: a private error type the applying code turns into a reason, so a
// rejection can never be mistaken for a bug (which is thrown on, not reported as a reason).
export class Rejection extends Error {}

export const reject = (reason: string): never => {
  throw new Rejection(reason);
};
