// The local stack's sign-in data, apart from the issuer so tests can import it without loading
// oidc-provider (an ES module Jest cannot require on Node 20).

/** A person the local issuer knows, with the Cognito group names the API maps to roles. */
export interface LocalPerson {
  /** Stable user id (the token's `sub`), so records keep their owner across restarts. */
  id: string;
  email: string;
  name: string;
  password: string;
  groups: readonly ('engineers' | 'managers')[];
}

/**
 * The seeded people of the local stack: two engineers and a manager. Local only: these
 * passwords are printed by `npm start` and used by the tests.
 */
export const LOCAL_PEOPLE: readonly LocalPerson[] = [
  {
    id: '0b7e4f1a-1111-4a6e-9c1d-engineer0001',
    email: 'mary@runway.local',
    name: 'Mary Major',
    password: 'mary-local-Passw0rd!',
    groups: ['engineers'],
  },
  {
    id: '0b7e4f1a-2222-4a6e-9c1d-engineer0002',
    email: 'diego@runway.local',
    name: 'Diego Ramirez',
    password: 'diego-local-Passw0rd!',
    groups: ['engineers'],
  },
  {
    id: '0b7e4f1a-3333-4a6e-9c1d-manager00001',
    email: 'paulo@runway.local',
    name: 'Paulo Santos',
    password: 'paulo-local-Passw0rd!',
    groups: ['managers'],
  },
];

/** The site's client id at the local issuer (Cognito's is generated per stage). */
export const LOCAL_CLIENT_ID = 'runway-site-local';
