import { describe, expect, it } from 'vitest';
import { aliasesOf, asWritten } from '../../src/analysis/entities.ts';

describe('entity aliases', () => {
  it('lists the other keys that point to the value, not its own', () => {
    const distribution = {
      'tony blair ⇒ Tony Blair': 80,
      'blair ⇒ Tony Blair': 80,
      'mr blair ⇒ Tony Blair': 12,
      'anthony blair ⇒ Tony Blair': 3,
      'blair ⇒ Lionel Blair': 1,
    };
    expect(aliasesOf('Tony Blair', distribution)).toEqual(['anthony blair', 'mr blair']);
  });

  it("does not list a person's first name alone as an alias (indexes that still hold one)", () => {
    const distribution = { 'david ⇒ David Blunkett': 4, 'blunkett ⇒ David Blunkett': 9, 'mr blunkett ⇒ David Blunkett': 3 };
    expect(aliasesOf('David Blunkett', distribution, 'person')).toEqual(['mr blunkett']);
    // An organization's first word is not a part of its name in the same way.
    expect(aliasesOf('Alder Holdings', { 'alder ⇒ Alder Holdings': 2 }, 'organization')).toEqual(['alder']);
  });

  it('shows each alias as an article wrote it, the key when none did', () => {
    expect(asWritten(['anthony blair', 'mr blair', 'jp mcmanus'], ['Blair', 'Anthony Blair', 'ANTHONY BLAIR', 'JP McManus'])).toEqual([
      'Anthony Blair',
      'mr blair',
      'JP McManus',
    ]);
  });
});
