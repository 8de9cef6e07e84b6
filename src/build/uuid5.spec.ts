import { NAMESPACE_DNS, uuid5 } from './uuid5';

describe('uuid5', () => {
  it('matches Python uuid.uuid5(NAMESPACE_DNS, name)', () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org'))"
    expect(uuid5(NAMESPACE_DNS, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
