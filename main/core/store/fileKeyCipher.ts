// The Node hosts' Cipher: AES-256-GCM with a random 256-bit key kept in a 0600 file next to the database.
// It keeps tokens out of the SQLite file, but anyone who can read the data dir can read both — hence weak.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStorageInfo } from '../../../common/contract';
import { ArbionError } from '../errors';
import type { Cipher } from '../ports';
import { causeOf, makeDirectory } from './dataDir';

export const FILE_KEY_CIPHER_ID = 'file-key';
export const KEY_FILE_NAME = 'arbion.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 8;
const FORMAT_VERSION = 1;
// version(1) | key id(8) | iv(12) | tag(16) | ciphertext
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;

function keyId(key: Buffer): Buffer {
  return crypto.createHash('sha256').update('arbion-file-key-id').update(key).digest().subarray(0, KEY_ID_BYTES);
}

/** Read the key file, creating it atomically (write temp, hard-link into place) when it does not exist. */
function loadOrCreateKey(file: string): Buffer {
  makeDirectory(path.dirname(file));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const key = fs.readFileSync(file);
      if (key.length !== KEY_BYTES) {
        throw new ArbionError(
          'CipherUnavailable',
          `The key file ${file} is damaged (${key.length} bytes, expected ${KEY_BYTES}). ` +
            'Move it away and sign in again (the tokens sealed with it cannot be recovered).',
        );
      }
      return key;
    } catch (e) {
      if (e instanceof ArbionError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ArbionError('CipherUnavailable', `Could not read the key file ${file} (${causeOf(e)}).`, { cause: e });
      }
    }
    // Another process may create it at the same moment: link() fails with EEXIST and we read theirs.
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    try {
      fs.writeFileSync(tmp, crypto.randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ArbionError('CipherUnavailable', `Could not create the key file ${file} (${causeOf(e)}).`, { cause: e });
      }
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  throw new ArbionError('CipherUnavailable', `Could not create the key file ${file}.`);
}

export class FileKeyCipher implements Cipher {
  readonly id = FILE_KEY_CIPHER_ID;
  private readonly key: Buffer;
  private readonly kid: Buffer;

  constructor(readonly keyFile: string) {
    try {
      this.key = loadOrCreateKey(keyFile);
    } catch (e) {
      if (e instanceof ArbionError) throw e;
      throw new ArbionError('CipherUnavailable', `Could not open the key file ${keyFile}: ${causeOf(e)}.`, {
        cause: e,
      });
    }
    this.kid = keyId(this.key);
    try {
      fs.chmodSync(keyFile, 0o600);
    } catch {
      // Filesystems without modes: nothing more we can do.
    }
  }

  info(): SecretStorageInfo {
    return { cipher: FILE_KEY_CIPHER_ID, backend: 'file', weak: true, description: 'file key, not OS-protected' };
  }

  async seal(plaintext: string): Promise<Buffer> {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.kid);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), this.kid, iv, cipher.getAuthTag(), body]);
  }

  async open(sealed: Buffer): Promise<string> {
    if (sealed.length < HEADER_BYTES || sealed[0] !== FORMAT_VERSION) {
      throw new ArbionError('CipherMismatch', 'A sealed value is not in the file-key format; it was sealed by another cipher.');
    }
    const kid = sealed.subarray(1, 1 + KEY_ID_BYTES);
    if (!kid.equals(this.kid)) {
      throw new ArbionError(
        'CipherMismatch',
        `The stored secrets were sealed with a different key than ${this.keyFile}. ` +
          'Restore the original key file, or sign out and sign in again.',
      );
    }
    const iv = sealed.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + IV_BYTES);
    const tag = sealed.subarray(1 + KEY_ID_BYTES + IV_BYTES, HEADER_BYTES);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(this.kid);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
    } catch (e) {
      throw new ArbionError('CipherMismatch', 'A sealed value failed its integrity check (damaged or tampered).', {
        cause: e,
      });
    }
  }
}

/** The Node hosts' cipher for a data dir (key file `arbion.key` inside it). */
export function createFileKeyCipher(dataDir: string): FileKeyCipher {
  return new FileKeyCipher(path.join(dataDir, KEY_FILE_NAME));
}
