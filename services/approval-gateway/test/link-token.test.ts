import { hashLinkToken, isLinkToken, newLinkToken } from '../src/approvals/link-token';

describe('link tokens', () => {
  it('are 256 random bits in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newLinkToken));

    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as their SHA-256 only', () => {
    const token = newLinkToken();

    expect(hashLinkToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkToken(token)).toBe(hashLinkToken(token));
    expect(hashLinkToken(token)).not.toContain(token);
  });

  it('recognise only the exact shape of a token', () => {
    expect(isLinkToken(newLinkToken())).toBe(true);
    expect(isLinkToken(undefined)).toBe(false);
    expect(isLinkToken('short')).toBe(false);
    expect(isLinkToken(`${newLinkToken()}x`)).toBe(false);
    expect(isLinkToken(`${newLinkToken().slice(0, 42)}=`)).toBe(false);
  });
});
