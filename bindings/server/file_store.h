// file://DIR: one file per key under DIR, written to a temporary name and renamed into place.
#pragma once

#include <filesystem>

#include "object_store.h"

namespace thumbkit::server {

class FileStore : public ObjectStore {
 public:
  explicit FileStore(std::filesystem::path root) : root_(std::move(root)) {}
  PutResult Put(std::string_view key, std::string_view body, std::string_view content_type,
                std::string_view cache_control) override;
  StoredObject Get(std::string_view key, std::uint64_t max_bytes) override;
  bool IsS3() const override { return false; }
  std::string Describe() const override { return "file://" + root_.string(); }

 private:
  std::filesystem::path root_;
};

}  // namespace thumbkit::server
