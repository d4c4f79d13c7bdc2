/** The people of test/fixtures/directory.yaml, by what they are. */
export const TENANT = '5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001';
export const P = {
  tina: 'a1b2c3d4-0000-4000-8000-000000000001', // teacher, Nordby
  rune: 'a1b2c3d4-0000-4000-8000-000000000002', // principal, Nordby
  vera: 'a1b2c3d4-0000-4000-8000-000000000003', // safety rep, Nordby (nynorsk)
  hakon: 'a1b2c3d4-0000-4000-8000-000000000004', // chief safety rep
  siri: 'a1b2c3d4-0000-4000-8000-000000000005', // school owner's leader (English)
  per: 'a1b2c3d4-0000-4000-8000-000000000011', // teacher, Sørby
  ola: 'a1b2c3d4-0000-4000-8000-000000000012', // principal, Sørby
  kari: 'a1b2c3d4-0000-4000-8000-000000000013', // safety rep, Sørby
  anne: 'a1b2c3d4-0000-4000-8000-000000000014', // second principal, Sørby
  eva: 'a1b2c3d4-0000-4000-8000-000000000021', // teacher in both schools
  nina: 'a1b2c3d4-0000-4000-8000-000000000031', // in the directory, in no school
  stranger: 'a1b2c3d4-0000-4000-8000-000000000099', // not in the directory
} as const;
