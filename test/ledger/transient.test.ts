// The database's passing states are told by their codes, and waited out; anything else is reported at once.
import { isPassingDbError, withDbRetry } from '../../src/ledger/transient';

const pgError = (code: string) => Object.assign(new Error('message text is never read'), { code });

test.each([
  ['starting up', '57P03', true],
  ['shutting down', '57P01', true],
  ['a connection failure', '08006', true],
  ['refused', 'ECONNREFUSED', true],
  ['a unique violation', '23505', false],
  ['permission denied', '42501', false],
])('%s (%s) is passing: %s', (_, code, passing) => {
  expect(isPassingDbError(pgError(code))).toBe(passing);
});

test('a connection lost under a wrapper is found through its cause', () => {
  expect(isPassingDbError(new Error('Connection terminated', { cause: pgError('ECONNRESET') }))).toBe(true);
  expect(isPassingDbError('57P03')).toBe(false);
});

test('retried while passing, then answered; a real fault is thrown at once', async () => {
  let calls = 0;
  await expect(
    withDbRetry(() => (++calls < 3 ? Promise.reject(pgError('57P03')) : Promise.resolve('ok')), 10_000),
  ).resolves.toBe('ok');
  expect(calls).toBe(3);
  calls = 0;
  await expect(withDbRetry(() => (++calls, Promise.reject(pgError('42501'))), 10_000)).rejects.toThrow();
  expect(calls).toBe(1);
});

test('gives up after its time, with the last error', async () => {
  await expect(withDbRetry(() => Promise.reject(pgError('57P03')), 300)).rejects.toMatchObject({
    code: '57P03',
  });
});
