import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-server-secret-of-some-length', 'variables');

  it('round-trips and never contains the plain text', () => {
    const sealed = box.seal('sk-very-secret-value', 'row-1');
    expect(sealed).not.toContain('sk-very-secret-value');
    expect(box.open(sealed, 'row-1')).toBe('sk-very-secret-value');
  });

  it('refuses another row, purpose or secret', () => {
    const sealed = box.seal('x', 'row-1');
    expect(() => box.open(sealed, 'row-2')).toThrow();
    expect(() => new SecretBox('a-server-secret-of-some-length', 'projects').open(sealed, 'row-1')).toThrow();
    expect(() => new SecretBox('another-secret-entirely-here', 'variables').open(sealed, 'row-1')).toThrow();
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'r')).not.toBe(box.seal('same', 'r'));
  });
});
