// The authorizer verifies tokens offline against a JWKS in its environment (THUMBKIT_JWKS). When
// none is given, this custom resource reads `{issuer}/.well-known/jwks.json` during the deploy,
// so one `cdk deploy` of a new user pool yields a working authorizer.
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { loggedFunction } from './functions';

// Answers CloudFormation itself (no cfn-response module): Data.Jwks is the compact JWKS text.
const FETCH_JWKS_SOURCE = `
exports.handler = async (event) => {
  const response = { Status: 'SUCCESS', Reason: '', Data: {}, StackId: event.StackId,
    RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
    PhysicalResourceId: event.ResourceProperties.Url };
  try {
    if (event.RequestType !== 'Delete') {
      const url = event.ResourceProperties.Url;
      const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
      if (!res.ok) throw new Error('GET ' + url + ': HTTP ' + res.status);
      const jwks = await res.json();
      if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error(url + ': no keys');
      const text = JSON.stringify(jwks);
      if (text.length > 3000) throw new Error(url + ': JWKS over 3000 bytes (pass -c jwksFile=)');
      response.Data = { Jwks: text };
    }
  } catch (error) {
    response.Status = 'FAILED';
    response.Reason = String(error && error.message ? error.message : error);
  }
  await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' },
    body: JSON.stringify(response) });
};
`;

export interface JwksFetchProps {
  readonly issuer: string;
  readonly architecture: lambda.Architecture;
}

export class JwksFetch extends Construct {
  readonly handler: lambda.Function;
  /** The JWKS text, resolved during the deploy. */
  readonly jwks: string;

  constructor(scope: Construct, id: string, props: JwksFetchProps) {
    super(scope, id);
    this.handler = loggedFunction(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      code: lambda.Code.fromInline(FETCH_JWKS_SOURCE),
      handler: 'index.handler',
      architecture: props.architecture,
      memorySize: 128,
      timeout: Duration.seconds(30),
      environment: {},
      description: 'thumbkit: fetch the user pool JWKS for the authorizer (deploy time)',
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.functionArn,
      resourceType: 'Custom::Jwks',
      properties: { Url: `${props.issuer}/.well-known/jwks.json` },
    });
    this.jwks = resource.getAttString('Jwks');
  }
}
