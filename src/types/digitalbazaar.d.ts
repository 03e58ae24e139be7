// Minimal type declarations for the untyped @digitalbazaar libraries this project uses.
// Only the calls we make are declared; everything a credential holds stays `unknown`-ish JSON.

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyKeyPair {
    id?: string;
    controller?: string;
    type: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    /** Raw key bytes: secretKey is the 32-byte seed followed by the 32-byte public key. */
    publicKey?: Uint8Array;
    secretKey?: Uint8Array;
    signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): {
      id: string;
      algorithm: string;
      verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
    };
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Record<string, any>>;
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519MultikeyKeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyKeyPair>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: string | Date });
    verificationMethod?: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {
    name: string;
    canonize: unknown;
    createVerifier: unknown;
    requiredAlgorithm: unknown;
  };
}

declare module 'base58-universal' {
  export function decode(input: string): Uint8Array;
  export function encode(input: Uint8Array): string;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { signer?: unknown; key?: unknown; date?: string | Date });
    verificationMethod?: string;
  }
  export const suiteContext: { CONTEXT_URL: string };
}

declare module '@digitalbazaar/vc' {
  export type DocumentLoader = (
    url: string,
  ) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: DocumentLoader;
    now?: string | Date;
  }): Promise<Record<string, any>>;
  export function verifyCredential(options: Record<string, unknown>): Promise<any>;
  export function verify(options: Record<string, unknown>): Promise<any>;
  export function signPresentation(options: Record<string, unknown>): Promise<Record<string, any>>;
  export function createPresentation(options: Record<string, unknown>): Record<string, any>;
  export function _checkCredential(options: {
    credential: unknown;
    now?: Date;
    mode?: 'issue' | 'verify';
  }): void;
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: unknown; date?: string | Date });
  }
}

declare module 'jsonld-signatures' {
  const jsigs: {
    verify(document: unknown, options: Record<string, unknown>): Promise<any>;
    sign(document: unknown, options: Record<string, unknown>): Promise<any>;
    purposes: {
      AssertionProofPurpose: new (options?: Record<string, unknown>) => unknown;
      AuthenticationProofPurpose: new (options: {
        challenge?: string;
        domain?: string;
        controller?: unknown;
      }) => unknown;
    };
  };
  export default jsigs;
}

// jsonld's context module (CommonJS), for installing a faster active-context clone.
declare module 'jsonld/lib/context.js' {
  const context: { getInitialContext(options: { processingMode?: string }): unknown };
  export default context;
}

// jsonld's resolved-context classes (CommonJS), whose caches src/jsonld/fastContexts.ts keys.
declare module 'jsonld/lib/ResolvedContext.js' {
  const ResolvedContext: unknown;
  export default ResolvedContext;
}
declare module 'jsonld/lib/ContextResolver.js' {
  const ContextResolver: unknown;
  export default ContextResolver;
}

// jsonld itself, for the tests that compare expansion and canonicalization.
declare module 'jsonld' {
  const jsonld: {
    expand(input: unknown, options: Record<string, unknown>): Promise<unknown>;
    canonize(input: unknown, options: Record<string, unknown>): Promise<unknown>;
  };
  export default jsonld;
}
