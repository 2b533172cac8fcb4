# frozen_string_literal: true

require "aws-sdk-s3"
require "fileutils"
require "tmpdir"
require "timeout"

# A real S3 API server for the tests: s3rver (npm, installed by .ci/install-deps into
# ~/.cache/thumbkit-test-servers; THUMBKIT_S3RVER overrides the path to its bin), started once
# on 127.0.0.1 with a free port and a temp directory, stopped when the run ends.
module S3rver
  DEFAULT_BIN = File.join(Dir.home, ".cache/thumbkit-test-servers/node_modules/.bin/s3rver")
  START_TIMEOUT = 30
  STOP_TIMEOUT = 5

  class << self
    def endpoint
      start unless @endpoint
      @endpoint
    end

    # A client with dummy credentials, path-style addressing, no retries and short timeouts.
    def client
      Aws::S3::Client.new(endpoint: endpoint, force_path_style: true, region: "us-east-1",
                          credentials: Aws::Credentials.new("S3RVER", "S3RVER"),
                          retry_limit: 0, http_open_timeout: 5, http_read_timeout: 30)
    end

    def create_bucket(name)
      client.create_bucket(bucket: name)
      name
    end

    def stop
      return unless @pid

      Process.kill("TERM", @pid)
      unless wait_exit(STOP_TIMEOUT)
        Process.kill("KILL", @pid)
        Process.wait(@pid)
      end
    rescue Errno::ESRCH, Errno::ECHILD
      nil
    ensure
      @pid = nil
      @endpoint = nil
      FileUtils.rm_rf(@dir) if @dir
    end

    private

    def bin
      path = ENV.fetch("THUMBKIT_S3RVER", "")
      path = DEFAULT_BIN if path.empty?
      return path if File.file?(path)

      raise "s3rver not found at #{path}: run .ci/install-deps (npm install --prefix " \
            "\"$HOME/.cache/thumbkit-test-servers\" s3rver@3.7.1) or set THUMBKIT_S3RVER"
    end

    def start
      script = bin
      node = ENV.fetch("NODE", "node")
      @dir = Dir.mktmpdir("thumbkit-s3rver-")
      reader, writer = IO.pipe
      # Port 0: the server picks a free port and prints it, so there is no race for one.
      @pid = Process.spawn(node, script, "-d", @dir, "-a", "127.0.0.1", "-p", "0", "--silent",
                           in: File::NULL, out: writer, err: writer)
      writer.close
      Minitest.after_run { stop }
      port = Timeout.timeout(START_TIMEOUT) { read_port(reader) }
      Thread.new { reader.each_line { nil } } # keep draining so the server never blocks on output
      @endpoint = "http://127.0.0.1:#{port}"
    rescue Errno::ENOENT => e
      raise "cannot run #{node} for s3rver (install Debian's nodejs): #{e.message}"
    rescue Timeout::Error
      stop
      raise "s3rver did not start within #{START_TIMEOUT}s"
    end

    def read_port(reader)
      output = +""
      reader.each_line do |line|
        output << line
        port = line[/listening on 127\.0\.0\.1:(\d+)/, 1]
        return Integer(port) if port
      end
      raise "s3rver exited before listening:\n#{output}"
    end

    def wait_exit(seconds)
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + seconds
      loop do
        return true if Process.wait(@pid, Process::WNOHANG)
        return false if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline

        sleep 0.05
      end
    end
  end
end
