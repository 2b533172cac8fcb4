#include "batch_command.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>
#include <vector>

#include "output_format.h"
#include "progress.h"
#include "report.h"
#include "thumbnail_job.h"

namespace thumbkit_cli {
namespace fs = std::filesystem;
namespace {

struct Job {
  fs::path input;
  fs::path output;
};

// Every regular file under `source`, as paths relative to it, sorted so runs are repeatable.
// `skip` (the destination, when it lies inside the source) is not entered. Only a folder that
// cannot be read is an error; entries that are not regular files (dangling links) are skipped.
bool ListFiles(const fs::path& source, const fs::path& skip, std::vector<fs::path>* files,
               std::string* error_line) {
  std::error_code ec;
  fs::recursive_directory_iterator it(source, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    if (it->is_directory(entry_ec) && fs::equivalent(it->path(), skip, entry_ec)) {
      it.disable_recursion_pending();
    } else if (it->is_regular_file(entry_ec)) {
      files->push_back(it->path().lexically_relative(source));
    }
  }
  if (ec) {
    *error_line = ErrorLine(source.string(), ec.message());
    return false;
  }
  std::sort(files->begin(), files->end());
  return true;
}

}  // namespace

BatchCommand::BatchCommand(CLI::App& root)
    : app_(root.add_subcommand("batch", "Thumbnail every file under a folder")) {
  app_->add_option("SRC", source_, "Input folder, read recursively")->required();
  app_->add_option("DST", destination_, "Output folder, same layout as SRC")->required();
  app_->add_option("-j,--jobs", jobs_, "Worker threads (default: one per hardware thread)")
      ->check(CLI::Range(1u, 1024u));
  options_.Register(*app_);
}

int BatchCommand::Run() const {
  std::error_code ec;
  if (!fs::is_directory(source_, ec)) {
    PrintError(ErrorLine(source_, "not a folder"));
    return kExitUsage;
  }
  if (!fs::create_directories(destination_, ec) && ec) {
    PrintError(ErrorLine(destination_, ec.message()));
    return kExitFailed;
  }
  std::vector<fs::path> files;
  std::string error;
  if (!ListFiles(source_, destination_, &files, &error)) {
    PrintError(error);
    return kExitFailed;
  }

  // Contexts are made up front so a rejected option is one usage error, not one per thread.
  unsigned threads = jobs_ != 0 ? jobs_ : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::clamp<size_t>(files.size(), 1, threads));
  std::vector<CtxPtr> contexts;
  for (unsigned i = 0; i < threads; ++i) {
    tk_status status;
    contexts.push_back(options_.NewContext(&status, &error));
    if (!contexts.back()) {
      PrintError(error);
      return status == TK_ERR_INVALID_ARGUMENT ? kExitUsage : kExitFailed;
    }
  }

  // Output folders are made here, before the workers, so they never race to create them.
  const tk_format format = options_.format().value_or(TK_FORMAT_SAME);
  Progress progress(files.size());
  std::vector<Job> jobs;
  std::set<fs::path> outputs;
  for (const fs::path& relative : files) {
    Job job{fs::path(source_) / relative,
            fs::path(destination_) / WithFormatExtension(relative, format)};
    if (!outputs.insert(job.output).second) {
      progress.Failed(ErrorLine(
          job.input.string(), "output " + job.output.string() + " would overwrite another output"));
    } else if (fs::create_directories(job.output.parent_path(), ec); ec) {
      progress.Failed(ErrorLine(job.output.parent_path().string(), ec.message()));
    } else {
      jobs.push_back(std::move(job));
    }
  }

  std::atomic<size_t> next{0};
  auto work = [&](tk_ctx* ctx) {
    std::string error_line;
    for (size_t i = next++; i < jobs.size(); i = next++) {
      if (ThumbnailFile(ctx, jobs[i].input.string(), jobs[i].output.string(), &error_line)) {
        progress.Succeeded();
      } else {
        progress.Failed(error_line);
      }
    }
  };
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i) workers.emplace_back(work, contexts[i].get());
  work(contexts[0].get());
  for (std::thread& worker : workers) worker.join();
  progress.Finish();

  std::cout << progress.ok() << " ok, " << progress.failed() << " failed" << std::endl;
  return progress.failed() == 0 ? kExitOk : kExitFailed;
}

}  // namespace thumbkit_cli
