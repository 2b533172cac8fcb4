# frozen_string_literal: true

module Thumbkit
  # The gem's version is the version of the C library it binds (tk_version_string()); the
  # gemspec reads it from here, and the tests check it against the loaded library.
  VERSION = "0.1.0"
end
