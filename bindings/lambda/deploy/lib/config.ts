// Everything the stack can be told, read from CDK context (-c key=value or cdk.json) and a few
// environment variables, with defaults that deploy the avatar pipeline as the issue describes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';

// This folder (bindings/lambda/deploy) and the repository root, from dist/lib/config.js.
export const DEPLOY_DIR = path.resolve(__dirname, '..', '..');
export const REPO_ROOT = path.resolve(DEPLOY_DIR, '..', '..', '..');
// Where `cmake --build build --target lambda-package` leaves the bundle (build/ at the top).
export const DEFAULT_LAMBDA_ZIPS = [
  path.join(REPO_ROOT, 'build', 'thumbkit-lambda.zip'),
  path.join(REPO_ROOT, 'build', 'bindings', 'lambda', 'thumbkit-lambda.zip'),
];
export const PLACEHOLDER_DIR = path.join(DEPLOY_DIR, 'placeholder');

export const SOURCE_PREFIX = 'uploads/';
export const DEST_PREFIX = 'avatars/processed/';
export const DEFAULT_VARIANTS = '512x512:cover:jpeg:80,512x512:cover:webp:80';

export interface AuthConfig {
  /** Issuer of the accepted JWTs; when absent the stack creates a Cognito user pool and client. */
  readonly issuer?: string;
  readonly clientId?: string;
  /** "access" or "id". */
  readonly tokenUse: string;
  /**
   * JWKS document (JSON text) for the authorizer's environment; when absent the stack fetches
   * `{issuer}/.well-known/jwks.json` at deploy time.
   */
  readonly jwks?: string;
}

export interface StackConfig {
  readonly architecture: lambda.Architecture;
  /** The custom-runtime bundle (thumbkit-lambda.zip) or the placeholder folder. */
  readonly bootstrapCodePath: string;
  readonly rubyCodeDir: string;
  readonly rubyRuntime: lambda.Runtime;
  /** Optional Lambda layer zip with the ffi gem and libthumbkit.so.0.1 for the Ruby function. */
  readonly rubyLayerZip?: string;
  readonly thumbnailMemoryMb: number;
  readonly thumbnailTimeoutSeconds: number;
  readonly variants: string;
  readonly maxUploadBytes: number;
  readonly allowedOrigins: string[];
  readonly auth: AuthConfig;
}

type Context = Pick<Node, 'tryGetContext'>;

function text(node: Context, key: string, env?: string): string | undefined {
  const fromContext = node.tryGetContext(key);
  if (fromContext !== undefined && fromContext !== null && String(fromContext) !== '') {
    return String(fromContext);
  }
  const fromEnv = env ? process.env[env] : undefined;
  return fromEnv ? fromEnv : undefined;
}

function positiveInt(node: Context, key: string, fallback: number): number {
  const value = text(node, key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`context ${key}=${value}: expected a positive integer`);
  }
  return parsed;
}

function flag(node: Context, key: string): boolean {
  const value = node.tryGetContext(key);
  return value === true || value === 'true' || value === '1';
}

export function architecture(name: string | undefined): lambda.Architecture {
  switch (name ?? 'arm64') {
    case 'arm64':
      return lambda.Architecture.ARM_64;
    case 'x86_64':
      return lambda.Architecture.X86_64;
    default:
      throw new Error(`context architecture=${name}: expected arm64 or x86_64`);
  }
}

// The zip must exist: a stack that silently deploys a placeholder would fail every event.
// The placeholder is only used when asked for (placeholderCode=true), e.g. to synth without a build.
function bootstrapCodePath(node: Context): string {
  if (flag(node, 'placeholderCode')) return PLACEHOLDER_DIR;
  const given = text(node, 'lambdaZip', 'THUMBKIT_LAMBDA_ZIP');
  const zip = given
    ? path.resolve(given)
    : (DEFAULT_LAMBDA_ZIPS.find((candidate) => fs.existsSync(candidate)) ?? DEFAULT_LAMBDA_ZIPS[0]);
  if (!fs.existsSync(zip)) {
    throw new Error(
      `thumbkit Lambda bundle not found at ${zip}: run 'cmake --build build --target lambda-package', ` +
        'pass -c lambdaZip=PATH (or THUMBKIT_LAMBDA_ZIP), or -c placeholderCode=true to synth without it',
    );
  }
  return zip;
}

function rubyRuntime(name: string | undefined): lambda.Runtime {
  // ruby3.3: ruby3.2 is deprecated (CDK's validation warns; creation ends 2027-02-01) and 3.4
  // moved base64, which lambda.rb requires, out of the default gems.
  const runtime = name ?? 'ruby3.3';
  if (!/^ruby3\.\d+$/.test(runtime)) {
    throw new Error(`context rubyRuntime=${runtime}: expected ruby3.N`);
  }
  return new lambda.Runtime(runtime, lambda.RuntimeFamily.RUBY);
}

function origins(value: string | undefined): string[] {
  const list = (value ?? '*').split(',').map((origin) => origin.trim()).filter((origin) => origin);
  if (list.length === 0) throw new Error('context allowedOrigins: at least one origin');
  return list;
}

// -c jwks='{"keys":[...]}' or -c jwksFile=path (read now, so the text lands in the template).
function jwks(node: Context): string | undefined {
  const inline = text(node, 'jwks');
  const file = text(node, 'jwksFile');
  if (inline && file) throw new Error('context: give jwks or jwksFile, not both');
  const document = file ? fs.readFileSync(path.resolve(file), 'utf8').trim() : inline;
  if (document === undefined) return undefined;
  let keys: unknown;
  try {
    keys = (JSON.parse(document) as { keys?: unknown }).keys;
  } catch (error) {
    throw new Error(`context jwks${file ? 'File' : ''}: not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(keys)) throw new Error('context jwks: expected a JWKS object with a "keys" array');
  return document;
}

export function readConfig(node: Context): StackConfig {
  const rubyLayerZip = text(node, 'rubyLayerZip');
  return {
    architecture: architecture(text(node, 'architecture')),
    bootstrapCodePath: bootstrapCodePath(node),
    rubyCodeDir: path.join(REPO_ROOT, 'bindings', 'ruby'),
    rubyRuntime: rubyRuntime(text(node, 'rubyRuntime')),
    rubyLayerZip: rubyLayerZip ? path.resolve(rubyLayerZip) : undefined,
    thumbnailMemoryMb: positiveInt(node, 'thumbnailMemoryMb', 1024),
    thumbnailTimeoutSeconds: positiveInt(node, 'thumbnailTimeoutSeconds', 30),
    variants: text(node, 'variants') ?? DEFAULT_VARIANTS,
    maxUploadBytes: positiveInt(node, 'maxUploadBytes', 20 * 1024 * 1024),
    allowedOrigins: origins(text(node, 'allowedOrigins')),
    auth: {
      issuer: text(node, 'jwtIssuer'),
      clientId: text(node, 'jwtClientId'),
      tokenUse: text(node, 'jwtTokenUse') ?? 'access',
      jwks: jwks(node),
    },
  };
}
