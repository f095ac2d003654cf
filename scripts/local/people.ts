/**
 * The people of the local stack: two engineers and a manager. The week functions read this
 * directory (RUNWAY_LOCAL_PEOPLE) where the deployed ones ask the Cognito pool; the local sign-in
 * issuer must seed the same people with the same ids (`sub`) so their tokens match these entries.
 */
export const LOCAL_PEOPLE = [
  { id: 'local-mary', email: 'mary@example.com', name: 'Mary Major', groups: ['engineers'] },
  { id: 'local-john', email: 'john@example.com', name: 'John Doe', groups: ['engineers'] },
  { id: 'local-paulo', email: 'paulo@example.com', name: 'Paulo Santos', groups: ['managers'] },
] as const;
