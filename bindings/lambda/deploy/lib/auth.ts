// Who the authorizer trusts: an existing issuer/client from context, or a Cognito user pool
// and app client created here. The values reach the `authorizer` handler as environment.
import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { AuthConfig } from './config';

export const AUTH_ENV = {
  issuer: 'THUMBKIT_JWT_ISSUER',
  clientId: 'THUMBKIT_JWT_CLIENT_ID',
  tokenUse: 'THUMBKIT_JWT_TOKEN_USE',
  jwksUrl: 'THUMBKIT_JWKS_URL',
  jwks: 'THUMBKIT_JWKS',
} as const;

export class Auth extends Construct {
  readonly issuer: string;
  readonly clientId: string;
  readonly userPool?: cognito.UserPool;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, config: AuthConfig) {
    super(scope, id);
    if (config.tokenUse !== 'access' && config.tokenUse !== 'id') {
      throw new Error(`context jwtTokenUse=${config.tokenUse}: expected access or id`);
    }
    if (config.issuer) {
      if (!config.clientId) throw new Error('context jwtIssuer needs jwtClientId as well');
      this.issuer = config.issuer.replace(/\/+$/, '');
      this.clientId = config.clientId;
    } else {
      this.userPool = new cognito.UserPool(this, 'UserPool', {
        selfSignUpEnabled: false,
        signInAliases: { email: true },
      });
      const client = this.userPool.addClient('WebClient', {
        authFlows: { userSrp: true },
        generateSecret: false,
      });
      // The issuer Cognito writes into its tokens (the pool's ProviderURL lacks the scheme).
      this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
      this.clientId = client.userPoolClientId;
    }
    this.environment = {
      [AUTH_ENV.issuer]: this.issuer,
      [AUTH_ENV.clientId]: this.clientId,
      [AUTH_ENV.tokenUse]: config.tokenUse,
      [AUTH_ENV.jwksUrl]: `${this.issuer}/.well-known/jwks.json`,
      ...(config.jwks ? { [AUTH_ENV.jwks]: config.jwks } : {}),
    };
  }
}
