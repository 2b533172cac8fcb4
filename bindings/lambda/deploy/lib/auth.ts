// Who the authorizer trusts: an existing issuer/client from context, or a Cognito user pool
// and app client created here. The values reach the `authorizer` handler as environment.
import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { AuthConfig } from './config';
import { JwksFetch } from './jwks';

// The names bindings/lambda/lambda_config.cc reads.
export const AUTH_ENV = {
  issuer: 'THUMBKIT_JWT_ISSUER',
  audience: 'THUMBKIT_JWT_AUDIENCE',
  tokenUse: 'THUMBKIT_JWT_TOKEN_USE',
  jwks: 'THUMBKIT_JWKS',
} as const;

export class Auth extends Construct {
  readonly issuer: string;
  readonly clientId: string;
  readonly userPool?: cognito.UserPool;
  /** Present when the JWKS is read from the issuer during the deploy. */
  readonly jwksFetch?: JwksFetch;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, config: AuthConfig, architecture: lambda.Architecture) {
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
    if (!config.jwks) this.jwksFetch = new JwksFetch(this, 'Jwks', { issuer: this.issuer, architecture });
    this.environment = {
      [AUTH_ENV.issuer]: this.issuer,
      [AUTH_ENV.audience]: this.clientId,
      [AUTH_ENV.tokenUse]: config.tokenUse,
      [AUTH_ENV.jwks]: config.jwks ?? this.jwksFetch!.jwks,
    };
  }
}
