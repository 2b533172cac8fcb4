# frozen_string_literal: true

require_relative "lib/thumbkit/version"

Gem::Specification.new do |spec|
  spec.name = "thumbkit"
  spec.version = Thumbkit::VERSION
  spec.summary = "Safe, fast thumbnails of untrusted images (FFI binding of libthumbkit)"
  spec.description = "Ruby binding of libthumbkit's C ABI (JPEG, PNG, WebP thumbnails with " \
                     "limits), plus a presigned S3 upload flow and AWS Lambda handlers."
  spec.authors = ["thumbkit authors"]
  spec.homepage = "https://github.com/thumbkit/thumbkit"
  spec.required_ruby_version = ">= 3.1"
  spec.files = Dir["lib/**/*.rb", "lambda/**/*.rb", "README.md"]
  spec.require_paths = ["lib"]
  spec.requirements << "libthumbkit.so.0.1 (the thumbkit C library), or THUMBKIT_LIBRARY"
  spec.add_dependency "ffi", "~> 1.15"
  # Only Thumbkit::Uploads and Thumbkit::Lambda need it.
  spec.add_dependency "aws-sdk-s3", "~> 1.117"
  spec.add_development_dependency "minitest", "~> 5.17"
end
