/**
 * A throwaway PKI made with openssl for the signing tests: root CA → intermediate → code-signing
 * leaf, a serverAuth-only leaf, an expired leaf, an EC leaf, a foreign root, a stray key, and PFX
 * files. Nothing here is committed: every run makes its own in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PFX_PASSWORD = 'Pfx-Secret-42!';

export interface TestPki {
  dir: string;
  /** Absolute path of a file in the PKI folder. */
  path(name: string): string;
  read(name: string): string;
  openssl(...args: string[]): string;
  /** SHA-1 fingerprint of a PEM certificate, upper-case hex: Windows' thumbprint. */
  thumbprint(pemFile: string): string;
  remove(): void;
}

const EXTENSIONS = [
  '[ca]',
  'basicConstraints = critical, CA:TRUE',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid',
  '[codesign]',
  'basicConstraints = CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = codeSigning',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid',
  '[server]',
  'basicConstraints = CA:FALSE',
  'keyUsage = critical, digitalSignature, keyEncipherment',
  'extendedKeyUsage = serverAuth',
  '',
].join('\n');

/**
 * Files: root.pem/.key, other-root.pem, inter.pem/.key, leaf.pem/.key (codeSigning,
 * "C=FR, O=Exemple SARL, CN=Runbook Test Signer"), ecleaf.pem/.key, server.pem/.key,
 * expired.pem/.key, other.key, chain.pem (inter + root), leaf.pfx (OpenSSL 3 default),
 * leaf-3des.pfx, leaf-legacy.pfx (RC2), all with PFX_PASSWORD.
 */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pki-'));
  const path = (name: string): string => join(dir, name);
  const read = (name: string): string => readFileSync(path(name), 'utf8');
  const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(path('ext.cnf'), EXTENSIONS);

  const rootCa = (name: string, cn: string): void => {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/CN=${cn}`, '-days', '3650',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  };
  const issue = (name: string, subj: string, issuer: string, section: string, key = 'rsa:2048'): void => {
    openssl('req', '-new', '-newkey', key, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.pem`,
      '-days', '365', '-sha256', '-extfile', 'ext.cnf', '-extensions', section);
  };
  openssl('ecparam', '-name', 'prime256v1', '-out', 'ecparams.pem');
  rootCa('root', 'Runbook Test Root');
  rootCa('other-root', 'Someone Else Root');
  issue('inter', '/CN=Runbook Test Intermediate', 'root', 'ca');
  issue('leaf', '/C=FR/O=Exemple SARL/CN=Runbook Test Signer', 'inter', 'codesign');
  issue('ecleaf', '/CN=Runbook EC Signer', 'inter', 'codesign', 'ec:' + path('ecparams.pem'));
  issue('server', '/CN=www.example.test', 'inter', 'server');
  openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.key');

  // An expired leaf needs explicit dates: `openssl ca` takes them.
  mkdirSync(path('newcerts'));
  writeFileSync(path('index.txt'), '');
  writeFileSync(path('serial'), '1000\n');
  writeFileSync(
    path('ca.cnf'),
    [
      '[ca]', 'default_ca = CA_default',
      '[CA_default]', `dir = ${dir}`, `database = ${path('index.txt')}`, `new_certs_dir = ${path('newcerts')}`, `serial = ${path('serial')}`,
      'default_md = sha256', 'policy = policy_any', 'unique_subject = no',
      '[policy_any]', 'commonName = supplied',
      '[codesign]', 'basicConstraints = CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = codeSigning', '',
    ].join('\n'),
  );
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=Runbook Expired Signer');
  openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'inter.pem', '-keyfile', 'inter.key', '-in', 'expired.csr', '-out', 'expired.pem',
    '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-extensions', 'codesign', '-notext');

  writeFileSync(path('chain.pem'), read('inter.pem') + read('root.pem'));
  openssl('pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'chain.pem', '-out', 'leaf.pfx', '-passout', `pass:${PFX_PASSWORD}`);
  openssl('pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'chain.pem', '-out', 'leaf-3des.pfx', '-passout', `pass:${PFX_PASSWORD}`,
    '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1');
  openssl('pkcs12', '-export', '-legacy', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-out', 'leaf-legacy.pfx', '-passout', `pass:${PFX_PASSWORD}`);

  return {
    dir,
    path,
    read,
    openssl,
    thumbprint: (pemFile) => openssl('x509', '-in', pemFile, '-noout', '-fingerprint', '-sha1').trim().split('=')[1]!.replace(/:/g, '').toUpperCase(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
