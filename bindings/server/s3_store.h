// s3://bucket through thumbkit::aws::S3Client (one PUT per object, so never a partial object).
#pragma once

#include <thumbkit_aws/s3_client.h>

#include "object_store.h"

namespace thumbkit::server {

class S3Store : public ObjectStore {
 public:
  S3Store(std::string bucket, aws::S3Config config)
      : bucket_(std::move(bucket)), client_(std::move(config)) {}
  PutResult Put(std::string_view key, std::string_view body, std::string_view content_type,
                std::string_view cache_control) override;
  StoredObject Get(std::string_view key, std::uint64_t max_bytes) override;
  bool IsS3() const override { return true; }
  std::string Describe() const override;

  const std::string& bucket() const { return bucket_; }
  const aws::S3Client& client() const { return client_; }

 private:
  std::string bucket_;
  aws::S3Client client_;
};

}  // namespace thumbkit::server
