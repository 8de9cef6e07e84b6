import { socketCredentials } from './socket-credentials';

describe('socketCredentials', () => {
  it('prefers an API key (auth, then query, then header) over any token', () => {
    expect(socketCredentials({ auth: { apiKey: 'k1', token: 't' }, query: { 'x-api-key': 'k2' }, headers: { 'x-api-key': 'k3' } })).toEqual({ kind: 'api-key', value: 'k1' });
    expect(socketCredentials({ query: { 'x-api-key': 'k2', token: 't' }, headers: { 'x-api-key': 'k3' } })).toEqual({ kind: 'api-key', value: 'k2' });
    expect(socketCredentials({ headers: { 'x-api-key': 'k3', authorization: 'Bearer t' } })).toEqual({ kind: 'api-key', value: 'k3' });
  });

  it('reads a token from auth.token (with or without "Bearer"), ?token=, the Authorization header, then the cookie', () => {
    expect(socketCredentials({ auth: { token: 'Bearer abc' }, headers: {} })).toEqual({ kind: 'jwt', value: 'abc' });
    expect(socketCredentials({ query: { token: 'q' }, headers: { authorization: 'Bearer h' } })).toEqual({ kind: 'jwt', value: 'q' });
    expect(socketCredentials({ headers: { authorization: 'bearer h', cookie: 'access_token_lf=c' } })).toEqual({ kind: 'jwt', value: 'h' });
    expect(socketCredentials({ headers: { cookie: 'a=1; access_token_lf=the%20token; b=2' } })).toEqual({ kind: 'jwt', value: 'the token' });
  });

  it('ignores empty values, non-bearer schemes and unrelated cookies', () => {
    expect(socketCredentials({ auth: { apiKey: '  ', token: '' }, query: { token: ['', 'x'] }, headers: { authorization: 'Basic dXNlcg==', cookie: 'refresh_token_lf=r' } })).toEqual({ kind: 'none' });
    expect(socketCredentials({ headers: {} })).toEqual({ kind: 'none' });
  });
});
