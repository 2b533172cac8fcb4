# frozen_string_literal: true

# Shared by every test: THUMBKIT_LIBRARY (the build tree's libthumbkit, set by ctest; else the
# installed SONAME) and THUMBKIT_FIXTURES (the shared test images, read in place).
require "minitest/autorun"
require "thumbkit"

module Fixtures
  def self.dir
    @dir ||= begin
      dir = ENV.fetch("THUMBKIT_FIXTURES", "")
      raise "set THUMBKIT_FIXTURES to the shared fixtures folder (ctest does)" if dir.empty?
      raise "THUMBKIT_FIXTURES=#{dir} is not a folder" unless File.directory?(dir)

      dir
    end
  end

  def self.read(name)
    File.binread(File.join(dir, name))
  end
end
