/**
 * The error for a signer that cannot be used: wrong certificate, wrong key, wrong password,
 * unreadable file. Its message is safe to print: never key material, never a password.
 */
export class SigningError extends Error {
  override name = 'SigningError';
}
