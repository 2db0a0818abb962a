/**
 * Authenticode signing of PowerShell scripts: sign and verify (pure), load a signer from PEM or
 * PFX bytes, or make an untrusted development signer.
 */
export { signScript, verifyScript, type Signer, type VerifyOptions, type VerifyResult, type VerifyStatus } from './authenticode.js';
export { certificateInfo, signerFromPem, signerFromPfx, SigningError, type CertificateInfo, type PemSignerOptions, type PfxSignerOptions, type SigningHash } from './keys.js';
export { createDevelopmentSigner, DEVELOPMENT_SIGNER_NAME, type DevelopmentSigner } from './dev-certificate.js';
