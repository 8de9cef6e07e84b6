import { parseLangflowQuery } from './query-parser';

describe('parseLangflowQuery', () => {
  it('splits comma-separated values as Langflow does', () => {
    expect(parseLangflowQuery('a=x,y&b=1')).toEqual({ a: ['x', 'y'], b: '1' });
  });
  it('merges repeated keys', () => {
    expect(parseLangflowQuery('a=1&a=2,3')).toEqual({ a: ['1', '2', '3'] });
  });
  it('decodes values', () => {
    expect(parseLangflowQuery('session_id=a%20b')).toEqual({ session_id: 'a b' });
  });
});
