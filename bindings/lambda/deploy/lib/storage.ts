// The two buckets and the CDN: raw uploads stay private (the browser reaches them only through
// presigned POST/PUT); processed avatars are readable only by CloudFront (origin access control).
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface StorageProps {
  /** Browser origins allowed to upload straight to the uploads bucket. */
  readonly allowedOrigins: string[];
}

function privateBucketProps(): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  };
}

export class Storage extends Construct {
  readonly uploads: s3.Bucket;
  readonly assets: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.uploads = new s3.Bucket(this, 'Uploads', {
      ...privateBucketProps(),
      // Ruby's presign issues a presigned POST (multipart form); PUT serves presigned PUT URLs.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.PUT],
          allowedOrigins: props.allowedOrigins,
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    this.assets = new s3.Bucket(this, 'Assets', privateBucketProps());
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'thumbkit avatars',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.assets),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
    });
  }
}
