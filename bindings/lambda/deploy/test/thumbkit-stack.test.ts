// Assertions on the synthesized template: what the stack promises (private buckets, the uploads/
// notification, handlers and their environment, the authorizer wiring, routes, CloudFront with
// OAC, exact IAM statements, log retention). Runs offline against a tiny stand-in zip.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { DEPLOY_DIR, readConfig } from '../lib/config';
import { ThumbkitStack } from '../lib/thumbkit-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let workDir: string;
let zipPath: string;

// The feature flags of cdk.json, so the test sees the template `cdk synth` produces.
function cdkJsonContext(): Json {
  return JSON.parse(fs.readFileSync(path.join(DEPLOY_DIR, 'cdk.json'), 'utf8')).context;
}

function synth(context: Json = {}): { stack: ThumbkitStack; template: Template } {
  const app = new App({ context: { ...cdkJsonContext(), lambdaZip: zipPath, ...context }, outdir: workDir });
  const stack = new ThumbkitStack(app, 'TestStack', { config: readConfig(app.node) });
  return { stack, template: Template.fromStack(stack) };
}

function logicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(resource as never);
}

function ref(construct: IConstruct): Json {
  return { Ref: logicalId(construct) };
}

function arn(construct: IConstruct): Json {
  return { 'Fn::GetAtt': [logicalId(construct), 'Arn'] };
}

function objectsArn(bucket: IConstruct, pattern: string): Json {
  return { 'Fn::Join': ['', [arn(bucket), `/${pattern}`]] };
}

before(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thumbkit-cdk-'));
  const bootstrap = path.join(workDir, 'bootstrap');
  fs.writeFileSync(bootstrap, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  zipPath = path.join(workDir, 'thumbkit-lambda.zip');
  execFileSync('zip', ['-q', '-j', zipPath, bootstrap]);
});

after(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('thumbkit stack (defaults)', () => {
  let stack: ThumbkitStack;
  let template: Template;
  before(() => ({ stack, template } = synth()));

  test('both buckets block all public access, are encrypted and refuse plain HTTP', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
    const buckets = template.findResources('AWS::S3::Bucket');
    for (const bucket of [stack.storage.uploads, stack.storage.assets]) {
      const props = buckets[logicalId(bucket)].Properties;
      assert.deepEqual(props.PublicAccessBlockConfiguration, {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      assert.deepEqual(props.BucketEncryption.ServerSideEncryptionConfiguration, [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ]);
      assert.deepEqual(props.OwnershipControls, { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(bucket),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  test('the uploads bucket lets browsers POST/PUT (presigned) and nothing else cross-origin', () => {
    const uploads = template.findResources('AWS::S3::Bucket')[logicalId(stack.storage.uploads)];
    const rules = uploads.Properties.CorsConfiguration.CorsRules;
    assert.equal(rules.length, 1);
    assert.deepEqual([...rules[0].AllowedMethods].sort(), ['POST', 'PUT']);
    assert.deepEqual(rules[0].ExposedHeaders, ['ETag']);
    const assets = template.findResources('AWS::S3::Bucket')[logicalId(stack.storage.assets)];
    assert.equal(assets.Properties.CorsConfiguration, undefined);
  });

  test('ObjectCreated on uploads/ (and only there) invokes the thumbnail function', () => {
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: ref(stack.storage.uploads),
      NotificationConfiguration: Match.objectEquals({
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            LambdaFunctionArn: arn(stack.thumbnail),
          },
        ],
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: arn(stack.thumbnail),
      Principal: 's3.amazonaws.com',
      SourceArn: arn(stack.storage.uploads),
    });
  });

  test('the bootstrap functions run the custom runtime on arm64 with their handler and env', () => {
    const limits = { THUMBKIT_MAX_INPUT_BYTES: String(20 * 1024 * 1024) };
    const thumbnailEnv = {
      THUMBKIT_SOURCE_PREFIX: 'uploads/',
      THUMBKIT_DEST_BUCKET: ref(stack.storage.assets),
      THUMBKIT_DEST_PREFIX: 'avatars/processed/',
      THUMBKIT_VARIANTS: '512x512:cover:jpeg:80,512x512:cover:webp:80',
      ...limits,
    };
    const imageEnv = { THUMBKIT_SOURCE_BUCKET: ref(stack.storage.uploads), THUMBKIT_SOURCE_PREFIX: 'uploads/', ...limits };
    const functions = template.findResources('AWS::Lambda::Function');
    const expectations: Array<[IConstruct, string, number, number, Json]> = [
      [stack.thumbnail, 's3-thumbnail', 1024, 30, thumbnailEnv],
      [stack.image, 'http-api', 1024, 29, imageEnv],
    ];
    for (const [fn, handler, memory, timeout, env] of expectations) {
      const props = functions[logicalId(fn)].Properties;
      assert.equal(props.Runtime, 'provided.al2023');
      assert.equal(props.Handler, handler);
      assert.deepEqual(props.Architectures, ['arm64']);
      assert.equal(props.MemorySize, memory);
      assert.equal(props.Timeout, timeout);
      assert.deepEqual(props.Environment.Variables, env);
    }
    const authorizer = functions[logicalId(stack.authorizer)].Properties;
    assert.equal(authorizer.Runtime, 'provided.al2023');
    assert.equal(authorizer.Handler, 'authorizer');
    const pool = stack.auth.userPool;
    assert.ok(pool, 'a user pool is created when no issuer is given');
    const issuer = {
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', ref(pool)]],
    };
    const [clientId] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    const fetch = stack.auth.jwksFetch;
    assert.ok(fetch, 'the JWKS is fetched when none is given');
    const [jwksId] = Object.keys(template.findResources('Custom::Jwks'));
    assert.deepEqual(authorizer.Environment.Variables, {
      THUMBKIT_JWT_ISSUER: issuer,
      THUMBKIT_JWT_AUDIENCE: { Ref: clientId },
      THUMBKIT_JWT_TOKEN_USE: 'access',
      THUMBKIT_JWKS: { 'Fn::GetAtt': [jwksId, 'Jwks'] },
    });
  });

  test('the user pool JWKS is read from the issuer at deploy time by a Node function', () => {
    const pool = stack.auth.userPool!;
    template.hasResourceProperties('Custom::Jwks', {
      ServiceToken: arn(stack.auth.jwksFetch!.handler),
      Url: {
        'Fn::Join': [
          '',
          ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', ref(pool), '/.well-known/jwks.json'],
        ],
      },
    });
    const fetcher = template.findResources('AWS::Lambda::Function')[logicalId(stack.auth.jwksFetch!.handler)];
    assert.equal(fetcher.Properties.Runtime, 'nodejs22.x');
    assert.match(fetcher.Properties.Code.ZipFile, /\.well-known|fetch\(url/);
  });

  test('the Ruby presign function runs handler.rb from bindings/ruby with the uploads bucket', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'ruby3.3',
      Handler: 'lambda/handler.presign',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectEquals({
          THUMBKIT_BUCKET: ref(stack.storage.uploads),
          THUMBKIT_MAX_UPLOAD_BYTES: String(20 * 1024 * 1024),
        }),
      },
    });
    // The staged asset (in the assembly dir) holds the handler and the gem, not its tests.
    const staged = fs
      .readdirSync(workDir)
      .map((name) => path.join(workDir, name))
      .find((dir) => fs.existsSync(path.join(dir, 'lambda', 'handler.rb')));
    assert.ok(staged, 'handler.rb staged');
    assert.ok(fs.existsSync(path.join(staged, 'lib', 'thumbkit', 'lambda.rb')), 'lib/ staged');
    assert.ok(!fs.existsSync(path.join(staged, 'test')), 'tests left out');
  });

  test('the HTTP API uses the Lambda authorizer: payload 2.0, simple responses, Authorization header', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: ref(stack.api),
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
    });
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    assert.match(JSON.stringify(authorizer.Properties.AuthorizerUri), new RegExp(logicalId(stack.authorizer)));
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: arn(stack.authorizer),
      Principal: 'apigateway.amazonaws.com',
    });
  });

  test('routes: POST /uploads → presign, POST /image and GET /image/{proxy+} → http-api, all authorized', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    assert.deepEqual(routes.map((r) => r.RouteKey).sort(), ['GET /image/{proxy+}', 'POST /image', 'POST /uploads']);
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const target: Record<string, string> = {
      'POST /uploads': logicalId(stack.presign),
      'POST /image': logicalId(stack.image),
      'GET /image/{proxy+}': logicalId(stack.image),
    };
    for (const route of routes) {
      assert.equal(route.AuthorizationType, 'CUSTOM', route.RouteKey);
      assert.deepEqual(route.AuthorizerId, { Ref: authorizerId }, route.RouteKey);
      const integrationId = route.Target['Fn::Join'][1][1].Ref as string;
      const integration = integrations[integrationId].Properties;
      assert.equal(integration.IntegrationType, 'AWS_PROXY');
      assert.equal(integration.PayloadFormatVersion, '2.0');
      assert.deepEqual(integration.IntegrationUri, { 'Fn::GetAtt': [target[route.RouteKey], 'Arn'] }, route.RouteKey);
    }
  });

  test('CloudFront serves the assets bucket through origin access control only', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    const [oacId] = Object.keys(template.findResources('AWS::CloudFront::OriginAccessControl'));
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution.Properties.DistributionConfig;
    assert.equal(config.Origins.length, 1);
    assert.deepEqual(config.Origins[0].DomainName, {
      'Fn::GetAtt': [logicalId(stack.storage.assets), 'RegionalDomainName'],
    });
    assert.deepEqual(config.Origins[0].OriginAccessControlId, { 'Fn::GetAtt': [oacId, 'Id'] });
    assert.equal(config.DefaultCacheBehavior.ViewerProtocolPolicy, 'redirect-to-https');
    // Only this distribution may read the assets bucket.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(stack.storage.assets),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('IAM: each function gets exactly its S3 statements, scoped to its prefixes', () => {
    const uploads = stack.storage.uploads;
    const assets = stack.storage.assets;
    const readUploads = { Action: 's3:GetObject', Effect: 'Allow', Resource: objectsArn(uploads, 'uploads/*') };
    const writeAvatars = {
      Action: 's3:PutObject',
      Effect: 'Allow',
      Resource: objectsArn(assets, 'avatars/processed/*'),
    };
    const putUploads = { Action: 's3:PutObject', Effect: 'Allow', Resource: objectsArn(uploads, 'uploads/*') };
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties);
    const statementsOf = (fn: IConstruct & { role?: IConstruct }): Json[] => {
      const roleRef = ref(fn.role!);
      const attached = policies.filter((p) => p.Roles.some((r: Json) => r.Ref === roleRef.Ref));
      return attached.flatMap((p) => p.PolicyDocument.Statement);
    };
    assert.deepEqual(statementsOf(stack.thumbnail), [readUploads, writeAvatars]);
    assert.deepEqual(statementsOf(stack.image), [readUploads]);
    assert.deepEqual(statementsOf(stack.presign), [putUploads]);
    assert.deepEqual(statementsOf(stack.authorizer), []);
    assert.deepEqual(statementsOf(stack.auth.jwksFetch!.handler), []);
    // Beyond that, roles only carry the basic execution (logs) managed policy.
    const roles = template.findResources('AWS::IAM::Role');
    for (const fn of [stack.thumbnail, stack.image, stack.presign, stack.authorizer, stack.auth.jwksFetch!.handler]) {
      const role = roles[logicalId(fn.role!)].Properties;
      assert.equal(role.ManagedPolicyArns.length, 1);
      assert.match(JSON.stringify(role.ManagedPolicyArns[0]), /service-role\/AWSLambdaBasicExecutionRole"/);
      assert.equal(role.Policies, undefined);
    }
  });

  test('no IAM statement in the template grants "*" resources or s3:* actions', () => {
    const wildcard: string[] = [];
    for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const resources = [statement.Resource].flat();
        if (resources.includes('*')) wildcard.push(`${id}: ${JSON.stringify(statement.Action)}`);
        assert.ok(![statement.Action].flat().includes('s3:*'), `${id} grants s3:*`);
      }
    }
    assert.deepEqual(wildcard, []);
    // CDK's own notification handler may configure the uploads bucket only.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: 's3:PutBucketNotification', Effect: 'Allow', Resource: arn(stack.storage.uploads) }],
      },
    });
  });

  test('every function of ours logs into a group kept one month', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    const functions = template.findResources('AWS::Lambda::Function');
    const ours = [stack.thumbnail, stack.image, stack.presign, stack.authorizer, stack.auth.jwksFetch!.handler];
    for (const fn of ours) {
      const group = functions[logicalId(fn)].Properties.LoggingConfig.LogGroup.Ref as string;
      assert.equal(groups[group].Properties.RetentionInDays, 30, logicalId(fn));
    }
    assert.equal(Object.keys(groups).length, ours.length);
  });

  test('outputs: API URL, CDN domain and both bucket names', () => {
    const outputs = template.findOutputs('*');
    for (const name of ['ApiUrl', 'CdnDomain', 'UploadsBucketName', 'AssetsBucketName', 'JwtIssuer', 'JwtClientId']) {
      assert.ok(outputs[name], `output ${name}`);
    }
    assert.deepEqual(outputs.CdnDomain.Value, {
      'Fn::GetAtt': [logicalId(stack.storage.distribution), 'DomainName'],
    });
    assert.deepEqual(outputs.UploadsBucketName.Value, ref(stack.storage.uploads));
    assert.deepEqual(outputs.AssetsBucketName.Value, ref(stack.storage.assets));
  });

  test('the stack is environment-agnostic (no account or region baked in)', () => {
    assert.ok(stack.resolve(stack.account).Ref === 'AWS::AccountId');
    assert.ok(stack.resolve(stack.region).Ref === 'AWS::Region');
  });
});

describe('thumbkit stack (context)', () => {
  test('architecture=x86_64 moves every function to x86_64', () => {
    const { template } = synth({ architecture: 'x86_64' });
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    const ours = functions.filter(([id]) => !id.startsWith('BucketNotificationsHandler'));
    assert.equal(ours.length, 5);
    for (const [id, fn] of ours) assert.deepEqual(fn.Properties.Architectures, ['x86_64'], id);
  });

  test('an existing issuer replaces the user pool; JWKS text and token_use reach the authorizer', () => {
    const jwks = '{"keys":[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}';
    const jwksFile = path.join(workDir, 'jwks.json');
    fs.writeFileSync(jwksFile, `${jwks}\n`);
    for (const source of [{ jwks }, { jwksFile }]) {
      const { stack, template } = synth({
        jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/',
        jwtClientId: 'client123',
        jwtTokenUse: 'id',
        ...source,
      });
      template.resourceCountIs('AWS::Cognito::UserPool', 0);
      template.resourceCountIs('Custom::Jwks', 0);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'authorizer',
        Environment: {
          Variables: Match.objectEquals({
            THUMBKIT_JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
            THUMBKIT_JWT_AUDIENCE: 'client123',
            THUMBKIT_JWT_TOKEN_USE: 'id',
            THUMBKIT_JWKS: jwks,
          }),
        },
      });
      assert.equal(stack.auth.userPool, undefined);
    }
  });

  test('an existing issuer without a JWKS gets it fetched from that issuer', () => {
    const { template } = synth({ jwtIssuer: 'https://issuer.example', jwtClientId: 'c' });
    template.hasResourceProperties('Custom::Jwks', { Url: 'https://issuer.example/.well-known/jwks.json' });
  });

  test('a missing bundle stops synth with a clear message unless placeholderCode=true', () => {
    const missing = path.join(workDir, 'no-such.zip');
    assert.throws(() => synth({ lambdaZip: missing }), /bundle not found at .*no-such\.zip.*lambda-package/);
    const { template } = synth({ lambdaZip: missing, placeholderCode: 'true' });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 's3-thumbnail' });
  });

  test('bad context values are refused', () => {
    assert.throws(() => synth({ architecture: 'mips' }), /expected arm64 or x86_64/);
    assert.throws(() => synth({ thumbnailMemoryMb: '-5' }), /positive integer/);
    assert.throws(() => synth({ jwtIssuer: 'https://issuer' }), /jwtClientId/);
    assert.throws(() => synth({ jwtTokenUse: 'refresh' }), /access or id/);
    assert.throws(() => synth({ jwks: '{"nokeys":1}' }), /"keys" array/);
    assert.throws(() => synth({ jwks: 'not json' }), /not JSON/);
  });
});
