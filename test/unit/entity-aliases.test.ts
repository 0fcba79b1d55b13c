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

  it('shows each alias as an article wrote it, the key when none did', () => {
    expect(asWritten(['anthony blair', 'mr blair', 'jp mcmanus'], ['Blair', 'Anthony Blair', 'ANTHONY BLAIR', 'JP McManus'])).toEqual([
      'Anthony Blair',
      'mr blair',
      'JP McManus',
    ]);
  });
});
