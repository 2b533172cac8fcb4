// file://DIR: one file per key under DIR. A write goes to DIR/.thumbkit-tmp (never served, emptied
// at start), is fsynced, renamed into place, and the folder fsynced: after a crash a key holds the
// old object or the new one, never part of one.
#pragma once

#include <filesystem>

#include "object_store.h"

namespace thumbkit::server {

class FileStore : public ObjectStore {
 public:
  // Creates DIR/.thumbkit-tmp and removes what an earlier process left in it.
  explicit FileStore(std::filesystem::path root);
  PutResult Put(std::string_view key, std::string_view body, std::string_view content_type,
                std::string_view cache_control) override;
  StoredObject Get(std::string_view key, std::uint64_t max_bytes) override;
  bool IsS3() const override { return false; }
  std::string Describe() const override { return "file://" + root_.string(); }

  static constexpr std::string_view kTempFolder = ".thumbkit-tmp";

 private:
  std::filesystem::path root_;
  std::filesystem::path temp_;
};

}  // namespace thumbkit::server
