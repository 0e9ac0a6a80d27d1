import assert from 'node:assert/strict';
import { staticContacts } from '../../../../../plugins/dialer/core/static-contacts';

describe('dialer core: static-contacts (legacy STATIC_CONTACTS)', () => {
  it('normalises the config list and keeps the order', () => {
    const r = staticContacts(['09121234567', '9351234567', '+989121110000']);
    assert.deepEqual(r.contacts, [
      { phone: '09121234567', externalId: 'static:0' },
      { phone: '09351234567', externalId: 'static:1' },
      { phone: '09121110000', externalId: 'static:2' },
    ]);
    assert.deepEqual(r.invalid, []);
  });

  it('reads the raw legacy value: comma separated, items stripped, empty items dropped', () => {
    const r = staticContacts(' 09121234567 , ,9351234567,');
    assert.deepEqual(r.contacts.map((c) => c.phone), ['09121234567', '09351234567']);
  });

  it('reports invalid numbers with their position and reason, and never dials them', () => {
    const r = staticContacts(['09121234567', '0912&Local/x', 'abc', '12']);
    assert.deepEqual(r.contacts.map((c) => c.phone), ['09121234567']);
    assert.deepEqual(r.invalid.map((i) => [i.index, i.value, i.reason]), [
      [1, '0912&Local/x', 'forbidden_character'],
      [2, 'abc', 'forbidden_character'],
      [3, '12', 'too_few_digits'],
    ]);
  });

  it('dials a number once even when listed in two spellings', () => {
    const r = staticContacts(['09121234567', '+98 912 123 4567', '9121234567']);
    assert.equal(r.contacts.length, 1);
    assert.deepEqual(r.duplicates, [{ index: 1, phone: '09121234567', firstIndex: 0 }, { index: 2, phone: '09121234567', firstIndex: 0 }]);
  });

  it('an empty list gives no contacts', () => {
    assert.deepEqual(staticContacts(''), { contacts: [], invalid: [], duplicates: [] });
    assert.deepEqual(staticContacts([]), { contacts: [], invalid: [], duplicates: [] });
  });
});
