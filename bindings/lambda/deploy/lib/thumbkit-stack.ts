// The serverless avatar pipeline: browser → presigned upload into the uploads bucket →
// ObjectCreated on uploads/ → thumbkit bootstrap (s3-thumbnail) → avatars/processed/ in the
// assets bucket → CloudFront. An HTTP API (Lambda authorizer) hands out the presigned uploads
// and serves on-demand thumbnails.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { Auth } from './auth';
import { DEST_PREFIX, SOURCE_PREFIX, type StackConfig } from './config';
import { bootstrapFunction, loggedFunction } from './functions';
import { Storage } from './storage';

export interface ThumbkitStackProps extends StackProps {
  readonly config: StackConfig;
}

// Ruby's handler.rb and gem code; tests and packaging files stay out of the function.
const RUBY_ASSET_EXCLUDES = ['test', '*.gem', 'CMakeLists.txt', 'README.md', '.gitignore', 'thumbkit.gemspec'];

function allow(actions: string[], resources: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions, resources });
}

export class ThumbkitStack extends Stack {
  readonly storage: Storage;
  readonly auth: Auth;
  readonly thumbnail: lambda.Function;
  readonly image: lambda.Function;
  readonly authorizer: lambda.Function;
  readonly presign: lambda.Function;
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: ThumbkitStackProps) {
    super(scope, id, props);
    const { config } = props;
    const storage = (this.storage = new Storage(this, 'Storage', { allowedOrigins: config.allowedOrigins }));
    const auth = (this.auth = new Auth(this, 'Auth', config.auth, config.architecture));
    const bootstrap = lambda.Code.fromAsset(config.bootstrapCodePath);

    // What bindings/lambda/lambda_config.cc reads for each handler.
    const limits = { THUMBKIT_MAX_INPUT_BYTES: String(config.maxUploadBytes) };
    const thumbnailEnv = {
      THUMBKIT_SOURCE_PREFIX: SOURCE_PREFIX,
      THUMBKIT_DEST_BUCKET: storage.assets.bucketName,
      THUMBKIT_DEST_PREFIX: DEST_PREFIX,
      THUMBKIT_VARIANTS: config.variants,
      ...limits,
    };
    const imageEnv = {
      THUMBKIT_SOURCE_BUCKET: storage.uploads.bucketName,
      THUMBKIT_SOURCE_PREFIX: SOURCE_PREFIX,
      ...limits,
    };
    // The pipeline reads raw uploads and writes the avatar prefix; nothing else.
    const readUploads = allow(['s3:GetObject'], [storage.uploads.arnForObjects(`${SOURCE_PREFIX}*`)]);
    const writeAvatars = allow(['s3:PutObject'], [storage.assets.arnForObjects(`${DEST_PREFIX}*`)]);

    const thumbnail = (this.thumbnail = bootstrapFunction(this, 'ThumbnailFunction', bootstrap, {
      handler: 's3-thumbnail',
      architecture: config.architecture,
      memorySize: config.thumbnailMemoryMb,
      timeout: Duration.seconds(config.thumbnailTimeoutSeconds),
      environment: thumbnailEnv,
      description: 'thumbkit: S3 ObjectCreated on uploads/ -> avatar variants',
    }));
    thumbnail.addToRolePolicy(readUploads);
    thumbnail.addToRolePolicy(writeAvatars);
    storage.uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(thumbnail), {
      prefix: SOURCE_PREFIX,
    });

    const image = (this.image = bootstrapFunction(this, 'ImageApiFunction', bootstrap, {
      handler: 'http-api',
      architecture: config.architecture,
      memorySize: config.thumbnailMemoryMb,
      timeout: Duration.seconds(Math.min(config.thumbnailTimeoutSeconds, 29)), // API Gateway's limit
      environment: imageEnv,
      description: 'thumbkit: HTTP API POST /image and GET /image/{options}/{key}',
    }));
    image.addToRolePolicy(readUploads); // it answers with the bytes; it stores nothing

    const authorizerFn = (this.authorizer = bootstrapFunction(this, 'AuthorizerFunction', bootstrap, {
      handler: 'authorizer',
      architecture: config.architecture,
      memorySize: 256,
      timeout: Duration.seconds(5),
      environment: auth.environment,
      description: 'thumbkit: Lambda authorizer (Cognito JWT, simple responses)',
    }));

    const presign = (this.presign = this.presignFunction(config, storage.uploads.bucketName));
    presign.addToRolePolicy(allow(['s3:PutObject'], [storage.uploads.arnForObjects(`${SOURCE_PREFIX}*`)]));

    const api = (this.api = this.httpApi(config, authorizerFn, presign, image));

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'CdnDomain', { value: storage.distribution.distributionDomainName });
    new CfnOutput(this, 'UploadsBucketName', { value: storage.uploads.bucketName });
    new CfnOutput(this, 'AssetsBucketName', { value: storage.assets.bucketName });
    new CfnOutput(this, 'JwtIssuer', { value: auth.issuer });
    new CfnOutput(this, 'JwtClientId', { value: auth.clientId });
  }

  // handler.rb's "presign" (lambda/handler.rb under bindings/ruby) with the gem's lib/ beside it.
  private presignFunction(config: StackConfig, bucketName: string): lambda.Function {
    const layers = config.rubyLayerZip
      ? [
          new lambda.LayerVersion(this, 'RubyThumbkitLayer', {
            code: lambda.Code.fromAsset(config.rubyLayerZip),
            compatibleRuntimes: [config.rubyRuntime],
            description: 'ffi gem and libthumbkit.so.0.1 for the Ruby presign function',
          }),
        ]
      : undefined;
    return loggedFunction(this, 'PresignFunction', {
      runtime: config.rubyRuntime,
      code: lambda.Code.fromAsset(config.rubyCodeDir, { exclude: RUBY_ASSET_EXCLUDES }),
      handler: 'lambda/handler.presign',
      architecture: config.architecture,
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: {
        THUMBKIT_BUCKET: bucketName,
        THUMBKIT_MAX_UPLOAD_BYTES: String(config.maxUploadBytes),
      },
      description: 'thumbkit: presigned POST into uploads/{sub}/ (Ruby)',
      layers,
    });
  }

  private httpApi(
    config: StackConfig,
    authorizerFn: lambda.IFunction,
    presign: lambda.IFunction,
    image: lambda.IFunction,
  ): apigw.HttpApi {
    const authorizer = new HttpLambdaAuthorizer('JwtAuthorizer', authorizerFn, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.minutes(5),
    });
    // Every route needs a token: GET /image/ reads raw uploads, which must never be public.
    const api = new apigw.HttpApi(this, 'HttpApi', {
      description: 'thumbkit avatar API',
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: config.allowedOrigins,
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const v2 = { payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0 };
    const imageIntegration = new HttpLambdaIntegration('ImageIntegration', image, v2);
    api.addRoutes({
      path: '/uploads',
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('PresignIntegration', presign, v2),
    });
    api.addRoutes({ path: '/image', methods: [apigw.HttpMethod.POST], integration: imageIntegration });
    api.addRoutes({ path: '/image/{proxy+}', methods: [apigw.HttpMethod.GET], integration: imageIntegration });
    return api;
  }
}
