import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { makeTestPki, PFX_PASSWORD, type TestPki } from './certificates.js';
import { signScript, verifyScript, type Signer } from '../src/sign/authenticode.js';
import { parseCertificate } from '../src/sign/certificate.js';
import { createDevelopmentSigner } from '../src/sign/dev-certificate.js';
import { digestByName } from '../src/sign/oids.js';
import { encodeSignedData, readSignedData, signatureAlgorithm, signedAttributes } from '../src/sign/signed-data.js';
import { buildIndirectData, digestedBytes } from '../src/sign/spc-indirect-data.js';
import { certificateInfo, pemCertificates, signerFromPem, signerFromPfx, SigningError } from '../src/sign/keys.js';

const OSSLSIGNCODE = '/usr/bin/osslsigncode';
const BEGIN = '# SIG # Begin signature block';

const SCRIPT = [
  '\uFEFF# Procédure : « redémarrer le service » – l’étape décisive',
  "$x = @{ a = 'b' }",
  'Write-Host "Déjà fait : $($x.a) ’ ça marche"',
  '',
].join('\r\n');

let pki: TestPki;
const path = (name: string): string => pki.path(name);
const read = (name: string): string => pki.read(name);
const openssl = (...args: string[]): string => pki.openssl(...args);

/** Runs `osslsigncode verify` on `bytes` and returns its exit code and output. */
function osslVerify(bytes: Uint8Array, caFile: string, name = 'check.ps1'): { status: number | null; output: string } {
  writeFileSync(path(name), bytes);
  const r = spawnSync(OSSLSIGNCODE, ['verify', '-in', path(name), '-CAfile', caFile], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

function pemSigner(leaf: string, hash: Signer['hash'] = 'sha256', key = `${leaf}.key`): Signer {
  return signerFromPem({
    certificatePem: read(`${leaf}.pem`),
    keyPem: read(key),
    chainPem: read('inter.pem') + read('root.pem'),
    hash,
    now: new Date(),
  });
}

const sha1Fingerprint = (pemFile: string): string => pki.thumbprint(pemFile);

function refusal(fn: () => unknown, pattern: RegExp): SigningError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof SigningError, `expected a SigningError, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  assert.ok(!caught.message.includes('PRIVATE KEY'), caught.message);
  assert.ok(!caught.message.includes(PFX_PASSWORD), caught.message);
  return caught;
}

const count = (text: string, part: string): number => text.split(part).length - 1;
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

before(() => {
  pki = makeTestPki();
});

after(() => pki?.remove());

describe('signing a PowerShell script', () => {
  it('produces a signature osslsigncode and verifyScript accept, naming the leaf', async () => {
    const signed = await signScript(utf8(SCRIPT), pemSigner('leaf'));
    const out = text(signed);
    assert.ok(out.startsWith(SCRIPT + '\r\n# SIG # Begin signature block\r\n'));
    assert.ok(out.endsWith('\r\n# SIG # End signature block\r\n'));
    const lines = out.slice(SCRIPT.length + 2).split('\r\n');
    assert.ok(lines.slice(1, -3).every((l) => /^# [A-Za-z0-9+/]{64}$/.test(l)), 'full base64 lines are 64 characters');

    const ossl = osslVerify(signed, path('root.pem'));
    assert.equal(ossl.status, 0, ossl.output);
    assert.match(ossl.output, /Signature verification: ok/);

    const result = verifyScript(signed, { now: new Date(), trustedRoots: pemCertificates(read('root.pem'), 'root') });
    assert.deepEqual(result, {
      status: 'Valid',
      signer: { subject: 'CN=Runbook Test Signer, O=Exemple SARL, C=FR', thumbprint: sha1Fingerprint('leaf.pem') },
    });
    assert.equal(verifyScript(signed, { now: new Date() }).status, 'Valid');
  });

  it('writes the SignedData Windows writes: version 1, signer + intermediate, sorted attributes, no signingTime', async () => {
    writeFileSync(path('block.der'), signatureDer(await signScript(utf8(SCRIPT), pemSigner('leaf'))));
    const printed = openssl('pkcs7', '-inform', 'DER', '-in', 'block.der', '-print', '-noout');
    assert.match(printed, /^PKCS7:\s+type: pkcs7-signedData \(1\.2\.840\.113549\.1\.7\.2\)\s+d\.sign:\s+version: 1\n/);
    const subjects = openssl('pkcs7', '-inform', 'DER', '-in', 'block.der', '-print_certs', '-noout').match(/^subject=.*$/gm);
    assert.deepEqual(subjects, ['subject=C = FR, O = Exemple SARL, CN = Runbook Test Signer', 'subject=CN = Runbook Test Intermediate']);
    const signedAttributes = printed.slice(printed.indexOf('auth_attr:'), printed.indexOf('digest_enc_alg:'));
    const types = [...signedAttributes.matchAll(/object: .*\(([\d.]+)\)$/gm)].map((m) => m[1]);
    assert.deepEqual(types, ['1.3.6.1.4.1.311.2.1.12', '1.2.840.113549.1.9.3', '1.3.6.1.4.1.311.2.1.11', '1.2.840.113549.1.9.4']);
  });

  it('is deterministic: signing twice gives identical bytes', async () => {
    const signer = pemSigner('leaf');
    assert.deepEqual(await signScript(utf8(SCRIPT), signer), await signScript(utf8(SCRIPT), signer));
  });

  it('lets the event loop turn while it signs; signed together or one at a time, the same bytes (RSA) and a valid signature (ECDSA, randomised)', async () => {
    const rsa = pemSigner('leaf');
    const scripts = [SCRIPT, '\uFEFFWrite-Host 1', `${SCRIPT}# another\r\n`];
    // Asynchronous: the event loop turns (a setImmediate runs) while a signature is made.
    let turned = false;
    setImmediate(() => (turned = true));
    const signing = signScript(utf8(SCRIPT), rsa);
    assert.equal(turned, false);
    await signing;
    assert.equal(turned, true, 'the event loop went on while signing');
    const inParallel = await Promise.all(scripts.map((script) => signScript(utf8(script), rsa)));
    const oneAtATime: Uint8Array[] = [];
    for (const script of scripts) oneAtATime.push(await signScript(utf8(script), rsa));
    assert.deepEqual(inParallel, oneAtATime);
    const ec = pemSigner('ecleaf');
    const signed = await signScript(utf8(SCRIPT), ec);
    assert.equal(verifyScript(signed, { now: new Date(), trustedRoots: pemCertificates(read('root.pem'), 'root') }).status, 'Valid');
    await assert.rejects(signScript(utf8(`${SCRIPT}# SIG # Begin signature block\r\n`), rsa), /not a well-formed trailing signature block/);
  });

  it("fills in its signer's encoding with each script's values: the bytes pkijs encodes for them (RSA and ECDSA)", async () => {
    for (const [leaf, hash] of [['leaf', 'sha384'], ['ecleaf', 'sha256']] as const) {
      const signer = pemSigner(leaf, hash);
      for (const script of [SCRIPT, '\uFEFFWrite-Host 1']) {
        const der = signatureDer(await signScript(utf8(script), signer));
        const indirectData = buildIndirectData(createHash(hash).update(Buffer.from(script, 'utf16le')).digest(), digestByName(hash)!.oid);
        const expected = encodeSignedData({
          indirectData,
          hash,
          certificate: parseCertificate(signer.certificate),
          chain: signer.chain,
          signedAttributes: signedAttributes(createHash(hash).update(digestedBytes(indirectData)).digest()),
          signatureAlgorithm: signatureAlgorithm(signer.privateKey, hash).identifier,
          // ECDSA signatures are randomised (and their length varies): the one made is checked by the tests above.
          signature: readSignedData(der).signerInfo.signature,
        });
        assert.deepEqual(der, Buffer.from(expected), `${leaf} ${hash}`);
        // And the signature it carries is the signer's over those attributes.
        const { signedAttributes: signedBytes, signature } = readSignedData(der).signerInfo;
        assert.ok(cryptoVerify(hash, signedBytes, new X509Certificate(signer.certificate).publicKey, signature), `${leaf} ${hash}: the signature verifies`);
      }
    }
  });

  for (const hash of ['sha384', 'sha512'] as const) {
    it(`signs with ${hash}`, async () => {
      const signed = await signScript(utf8(SCRIPT), pemSigner('leaf', hash));
      const ossl = osslVerify(signed, path('root.pem'));
      assert.equal(ossl.status, 0, ossl.output);
      assert.match(ossl.output, new RegExp(`Message digest algorithm\\s*: ${hash.toUpperCase()}`));
      assert.equal(verifyScript(signed, { now: new Date() }).status, 'Valid');
    });
  }

  it('signs with an ECDSA key', async () => {
    const signed = await signScript(utf8(SCRIPT), pemSigner('ecleaf'));
    const ossl = osslVerify(signed, path('root.pem'));
    assert.equal(ossl.status, 0, ossl.output);
    assert.equal(verifyScript(signed, { now: new Date(), trustedRoots: pemCertificates(read('root.pem'), 'root') }).status, 'Valid');
  });

  it('replaces an existing signature block when re-signing', async () => {
    const first = await signScript(utf8(SCRIPT), pemSigner('leaf'));
    const again = await signScript(first, pemSigner('leaf', 'sha512'));
    assert.equal(count(text(again), BEGIN), 1);
    assert.ok(text(again).startsWith(SCRIPT + '\r\n' + BEGIN));
    assert.equal(osslVerify(again, path('root.pem')).status, 0);
    assert.equal(verifyScript(again, { now: new Date() }).status, 'Valid');
    assert.deepEqual(await signScript(first, pemSigner('leaf')), first, 're-signing with the same signer changes nothing');
  });

  it('signs a script without a final newline and one that is only a BOM', async () => {
    for (const body of ['\uFEFFWrite-Host 1', '\uFEFF']) {
      const signed = await signScript(utf8(body), pemSigner('leaf'));
      assert.equal(osslVerify(signed, path('root.pem')).status, 0);
      assert.equal(verifyScript(signed, { now: new Date() }).status, 'Valid');
    }
  });

  it('refuses a script that is not UTF-8 with BOM and CRLF', async () => {
    const signer = pemSigner('leaf');
    await assert.rejects(signScript(utf8(SCRIPT.slice(1)), signer), /byte order mark/);
    await assert.rejects(signScript(utf8(SCRIPT.replace('\r\n', '\n')), signer), /line 1 ends with a bare LF/);
    await assert.rejects(signScript(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41, 0xff]), signer), /not valid UTF-8/);
    await assert.rejects(signScript(utf8(SCRIPT + BEGIN + '\r\nWrite-Host 1\r\n'), signer), /not a well-formed trailing signature block/);
  });
});

describe('verifying a signed script', () => {
  let signed: Uint8Array;
  let roots: Uint8Array[];
  before(async () => {
    signed = await signScript(utf8(SCRIPT), pemSigner('leaf'));
    roots = pemCertificates(read('root.pem'), 'root');
  });

  it('finds a changed byte in the body: HashMismatch, and osslsigncode fails', () => {
    const tampered = Uint8Array.from(signed);
    const at = Buffer.from(tampered).indexOf("'b'");
    tampered[at + 1] = 'c'.charCodeAt(0);
    const ossl = osslVerify(tampered, path('root.pem'));
    assert.notEqual(ossl.status, 0);
    assert.match(ossl.output, /MISMATCH/);
    const result = verifyScript(tampered, { now: new Date(), trustedRoots: roots });
    assert.equal(result.status, 'HashMismatch');
    assert.equal(result.signer?.thumbprint, sha1Fingerprint('leaf.pem'));
  });

  it('finds a changed line ending in the body: HashMismatch', () => {
    const tampered = utf8(text(signed).replace("$x = @{ a = 'b' }\r\n", "$x = @{ a = 'b' }\n"));
    assert.equal(verifyScript(tampered, { now: new Date() }).status, 'HashMismatch');
  });

  it('rejects text appended after the End line (osslsigncode accepts it)', () => {
    const appended = utf8(text(signed) + 'Write-Host evil\r\n');
    const ossl = osslVerify(appended, path('root.pem'));
    assert.equal(ossl.status, 0, 'osslsigncode ignores what follows the End line');
    const result = verifyScript(appended, { now: new Date(), trustedRoots: roots });
    assert.equal(result.status, 'NotSigned');
    assert.match(result.reason ?? '', /after the "# SIG # End signature block" line/);
    assert.equal(verifyScript(utf8(text(signed) + '\r\n'), { now: new Date() }).status, 'NotSigned', 'a second CRLF after End');
    assert.equal(verifyScript(utf8(text(signed).slice(0, -2)), { now: new Date() }).status, 'Valid', 'no CRLF after End');
  });

  it('does not recognise an LF-only block: NotSigned (osslsigncode accepts it)', () => {
    const s = text(signed);
    const start = s.indexOf(BEGIN) - 2;
    const lfOnly = utf8(s.slice(0, start) + s.slice(start).replace(/\r\n/g, '\n'));
    const ossl = osslVerify(lfOnly, path('root.pem'));
    assert.equal(ossl.status, 0, 'osslsigncode accepts an LF-only block');
    assert.equal(verifyScript(lfOnly, { now: new Date() }).status, 'NotSigned');
  });

  it('says NotSigned for no block, two blocks or a block that is not a signature', () => {
    assert.deepEqual(verifyScript(utf8(SCRIPT), { now: new Date() }), { status: 'NotSigned', reason: 'no signature block' });
    const s = text(signed);
    const block = s.slice(SCRIPT.length);
    assert.equal(verifyScript(utf8(s + block.slice(2)), { now: new Date() }).status, 'NotSigned');
    const garbage = `${SCRIPT}\r\n${BEGIN}\r\n# ${Buffer.from('not a signature').toString('base64')}\r\n# SIG # End signature block\r\n`;
    assert.equal(verifyScript(utf8(garbage), { now: new Date() }).status, 'NotSigned');
  });

  it('says NotSigned for a signature whose lengths do not nest (asn1js alone would accept it)', () => {
    const der = signatureDer(signed);
    // The SignerInfos SET ends the SignedData: `31 82 <length>` up to the last byte.
    const at = der.findIndex((b, i) => b === 0x31 && der[i + 1] === 0x82 && der.readUInt16BE(i + 2) === der.length - i - 4);
    der.writeUInt16BE(der.readUInt16BE(at + 2) - 1, at + 2);
    const result = verifyScript(withSignature(signed, der), { now: new Date(), trustedRoots: roots });
    assert.equal(result.status, 'NotSigned');
    assert.match(result.reason ?? '', /runs past the end/);
  });

  it('refuses an untrusted root: UnknownError, and osslsigncode fails', () => {
    const ossl = osslVerify(signed, path('other-root.pem'));
    assert.notEqual(ossl.status, 0);
    const result = verifyScript(signed, { now: new Date(), trustedRoots: pemCertificates(read('other-root.pem'), 'root') });
    assert.equal(result.status, 'UnknownError');
    assert.match(result.reason ?? '', /untrusted root/);
    assert.equal(result.signer?.subject, 'CN=Runbook Test Signer, O=Exemple SARL, C=FR');
  });

  it('refuses a signature made with a serverAuth-only or expired certificate: UnknownError, and osslsigncode fails', async () => {
    for (const [leaf, reason] of [['server', /not valid for code signing/], ['expired', /expired on 2021-01-01/]] as const) {
      const raw: Signer = {
        certificate: pemCertificates(read(`${leaf}.pem`), 'leaf')[0]!,
        chain: pemCertificates(read('inter.pem'), 'chain'),
        privateKey: createPrivateKey(read(`${leaf}.key`)),
        hash: 'sha256',
      };
      const bypassed = await signScript(utf8(SCRIPT), raw);
      const ossl = osslVerify(bypassed, path('root.pem'));
      assert.notEqual(ossl.status, 0, `osslsigncode accepted the ${leaf} certificate`);
      const result = verifyScript(bypassed, { now: new Date(), trustedRoots: roots });
      assert.equal(result.status, 'UnknownError');
      assert.match(result.reason ?? '', reason);
    }
  });

  it('refuses a certificate used outside its validity: UnknownError', () => {
    const later = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
    const result = verifyScript(signed, { now: later, trustedRoots: roots });
    assert.equal(result.status, 'UnknownError');
    assert.match(result.reason ?? '', /expired/);
  });

  it('reads the same signature from UTF-16LE', () => {
    const s = text(signed);
    assert.equal(verifyScript(new Uint8Array(Buffer.from(s, 'utf16le')), { now: new Date() }).status, 'Valid');
  });
});

describe('loading a signer', () => {
  it('reads a PFX as OpenSSL 3 exports it (AES-256-CBC, PBKDF2, SHA-256 MAC) and drops the root', async () => {
    const signer = signerFromPfx({ pfx: readFileSync(path('leaf.pfx')), password: PFX_PASSWORD, hash: 'sha256', now: new Date() });
    assert.equal(certificateInfo(signer.certificate).thumbprint, sha1Fingerprint('leaf.pem'));
    assert.deepEqual(signer.chain.map((c) => certificateInfo(c).subject), ['CN=Runbook Test Intermediate']);
    const signed = await signScript(utf8(SCRIPT), signer);
    assert.equal(osslVerify(signed, path('root.pem')).status, 0);
    assert.deepEqual(signed, await signScript(utf8(SCRIPT), pemSigner('leaf')), 'same key and certificates as the PEM files');
  });

  it('reads a 3DES/SHA-1 PFX and explains a legacy RC2 one', () => {
    const signer = signerFromPfx({ pfx: readFileSync(path('leaf-3des.pfx')), password: PFX_PASSWORD, hash: 'sha256', now: new Date() });
    assert.equal(certificateInfo(signer.certificate).thumbprint, sha1Fingerprint('leaf.pem'));
    refusal(() => signerFromPfx({ pfx: readFileSync(path('leaf-legacy.pfx')), password: PFX_PASSWORD, hash: 'sha256', now: new Date() }), /legacy RC2/);
  });

  it('drops the root from a PEM chain', () => {
    assert.deepEqual(pemSigner('leaf').chain.map((c) => certificateInfo(c).subject), ['CN=Runbook Test Intermediate']);
  });

  it('gives certificate information', () => {
    const info = certificateInfo(pemCertificates(read('expired.pem'), 'certificate')[0]!);
    assert.deepEqual(info, {
      subject: 'CN=Runbook Expired Signer',
      thumbprint: sha1Fingerprint('expired.pem'),
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
  });

  it('refuses a wrong PFX password without repeating it', () => {
    refusal(() => signerFromPfx({ pfx: readFileSync(path('leaf.pfx')), password: 'wrong-password', hash: 'sha256', now: new Date() }), /wrong password/);
    const e = refusal(() => signerFromPfx({ pfx: readFileSync(path('leaf.pfx')), password: PFX_PASSWORD + 'x', hash: 'sha256', now: new Date() }), /wrong password/);
    assert.ok(!e.message.includes(PFX_PASSWORD + 'x'));
  });

  it('refuses an unreadable file', () => {
    refusal(() => signerFromPfx({ pfx: utf8('not a pfx'), password: PFX_PASSWORD, hash: 'sha256', now: new Date() }), /not a PKCS#12 file/);
    refusal(() => signerFromPem({ certificatePem: 'nothing', keyPem: read('leaf.key'), hash: 'sha256', now: new Date() }), /no PEM "BEGIN CERTIFICATE"/);
    refusal(() => signerFromPem({ certificatePem: read('leaf.pem'), keyPem: read('leaf.pem'), hash: 'sha256', now: new Date() }), /cannot read the private key/);
  });

  it('refuses a serverAuth-only certificate', () => {
    const e = refusal(() => pemSigner('server'), /not valid for code signing/);
    assertNoKeyMaterial(e, 'server.key');
  });

  it('refuses an expired certificate', () => {
    refusal(() => pemSigner('expired'), /expired on 2021-01-01/);
    refusal(() => signerFromPem({ certificatePem: read('leaf.pem'), keyPem: read('leaf.key'), hash: 'sha256', now: new Date('2001-01-01T00:00:00Z') }), /not valid before/);
  });

  it('refuses a private key that does not match the certificate', () => {
    const e = refusal(() => pemSigner('leaf', 'sha256', 'other.key'), /does not match the certificate "CN=Runbook Test Signer, O=Exemple SARL, C=FR"/);
    assertNoKeyMaterial(e, 'other.key');
  });
});

describe('the development signer', () => {
  it('makes a self-signed code-signing certificate that osslsigncode accepts as its own root', async () => {
    const now = new Date();
    const dev = createDevelopmentSigner({ now, hash: 'sha256' });
    writeFileSync(path('dev.pem'), dev.certificatePem);
    const x509 = openssl('x509', '-in', 'dev.pem', '-noout', '-subject', '-ext', 'extendedKeyUsage,keyUsage', '-text');
    assert.match(x509, /subject=CN = runbook untrusted development signer/);
    assert.match(x509, /Code Signing/);
    assert.match(x509, /Digital Signature/);
    assert.match(x509, /Public-Key: \(3072 bit\)/);
    const info = certificateInfo(pemCertificates(dev.certificatePem, 'dev')[0]!);
    assert.equal(info.notBefore.getTime(), Math.floor(now.getTime() / 1000) * 1000 - 24 * 3600 * 1000);
    assert.equal(info.notAfter.getUTCFullYear(), info.notBefore.getUTCFullYear() + 2);
    assert.match(dev.keyPem, /^-----BEGIN PRIVATE KEY-----/);

    const signed = await signScript(utf8(SCRIPT), dev.signer);
    const ossl = osslVerify(signed, path('dev.pem'));
    assert.equal(ossl.status, 0, ossl.output);
    const roots = pemCertificates(dev.certificatePem, 'dev');
    assert.equal(verifyScript(signed, { now, trustedRoots: roots }).status, 'Valid');
    // The stored PEM pair loads back into the same signer.
    const again = signerFromPem({ certificatePem: dev.certificatePem, keyPem: dev.keyPem, hash: 'sha256', now });
    assert.deepEqual(await signScript(utf8(SCRIPT), again), signed);
  });
});

/** The DER in a signed script's signature block. */
function signatureDer(signed: Uint8Array): Buffer {
  const s = text(signed);
  const lines = s.slice(s.indexOf(BEGIN)).split('\r\n').slice(1, -2);
  return Buffer.from(lines.map((l) => l.slice(2)).join(''), 'base64');
}

/** The signed script with its block replaced by one holding `der`. */
function withSignature(signed: Uint8Array, der: Buffer): Uint8Array {
  const s = text(signed);
  const base64 = der.toString('base64').match(/.{1,64}/g)!.map((l) => `# ${l}\r\n`).join('');
  return utf8(`${s.slice(0, s.indexOf(BEGIN))}${BEGIN}\r\n${base64}# SIG # End signature block\r\n`);
}

function assertNoKeyMaterial(e: Error, keyFile: string): void {
  const body = read(keyFile).split('\n').filter((l) => l && !l.startsWith('-----'));
  for (const line of body) assert.ok(!e.message.includes(line), 'the message contains key material');
}
