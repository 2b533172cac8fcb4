#!/usr/bin/env node
// CDK app entry: one environment-agnostic stack, so `cdk synth` needs no AWS account.
import { App } from 'aws-cdk-lib';
import { readConfig } from '../lib/config';
import { ThumbkitStack } from '../lib/thumbkit-stack';

const app = new App();
const stackName = app.node.tryGetContext('stackName') ?? 'ThumbkitAvatars';
new ThumbkitStack(app, stackName, {
  config: readConfig(app.node),
  description: 'thumbkit serverless avatar pipeline (uploads, thumbnails, HTTP API, CDN)',
});
app.synth();
