import crypto from 'node:crypto';
import sodium from 'libsodium-wrappers';

/**
 * The per-repository (or per-environment) key pair behind GitHub's secrets
 * public-key flow: clients seal values with `crypto_box_seal` to the public
 * key; the simulator opens them with the private key, exactly as GitHub does.
 */
export class SecretBox {
  private constructor(
    readonly keyId: string,
    private readonly publicKey: Uint8Array,
    private readonly privateKey: Uint8Array,
  ) {}

  /** Resolves once libsodium's WebAssembly is loaded. */
  static async ready(): Promise<void> {
    await sodium.ready;
  }

  static async create(): Promise<SecretBox> {
    await sodium.ready;
    return SecretBox.createSync();
  }

  /** Only after `sodium.ready` resolved (the simulator awaits it at start). */
  static createSync(): SecretBox {
    const pair = sodium.crypto_box_keypair();
    // GitHub's key ids are long decimal strings; any stable opaque id works.
    const keyId = BigInt(`0x${crypto.randomBytes(8).toString('hex')}`)
      .toString()
      .padStart(20, '0');
    return new SecretBox(keyId, pair.publicKey, pair.privateKey);
  }

  /** The public key as GitHub returns it: standard base64. */
  publicKeyBase64(): string {
    return sodium.to_base64(this.publicKey, sodium.base64_variants.ORIGINAL);
  }

  /** Opens a sealed value; undefined when it was not sealed to this key. */
  open(encryptedBase64: string): string | undefined {
    try {
      const sealed = sodium.from_base64(
        encryptedBase64,
        sodium.base64_variants.ORIGINAL,
      );
      const plain = sodium.crypto_box_seal_open(
        sealed,
        this.publicKey,
        this.privateKey,
      );
      return sodium.to_string(plain);
    } catch {
      return undefined;
    }
  }
}
