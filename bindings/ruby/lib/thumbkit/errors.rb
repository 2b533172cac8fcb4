# frozen_string_literal: true

module Thumbkit
  # A failed library call. `status` is the tk_status name ("TK_ERR_CORRUPT"), `code` its number,
  # `http_status` what an HTTP adapter should answer (tk_status_http), and the message is
  # tk_last_error()'s.
  class Error < StandardError
    attr_reader :status, :code, :http_status

    def initialize(message = nil, status: nil, code: nil, http_status: nil)
      super(message)
      @status = status
      @code = code
      @http_status = http_status
    end
  end

  class InvalidArgumentError < Error; end
  class UnknownFormatError < Error; end
  class UnsupportedError < Error; end
  class CorruptError < Error; end
  class TruncatedError < Error; end
  # Any TK_ERR_LIMIT_*; `status` says which limit.
  class LimitError < Error; end
  class OutOfMemoryError < Error; end
  class EncodeError < Error; end
  class InternalError < Error; end

  ERRORS_BY_CODE = {
    1 => InvalidArgumentError,
    2 => UnknownFormatError,
    3 => UnsupportedError,
    4 => CorruptError,
    5 => TruncatedError,
    6 => LimitError, # pixels
    7 => LimitError, # input bytes
    8 => LimitError, # dimension
    9 => LimitError, # progressive scans
    10 => LimitError, # metadata
    11 => OutOfMemoryError,
    12 => EncodeError,
    13 => InternalError
  }.freeze
  private_constant :ERRORS_BY_CODE

  # Builds the exception for a non-zero status; `message` must be read from tk_last_error right
  # after the failing call.
  def self.error_for(code, message)
    klass = ERRORS_BY_CODE.fetch(code, Error)
    name = Native.tk_status_name(code)
    text = message.nil? || message.empty? ? name : "#{name}: #{message}"
    klass.new(text, status: name, code: code, http_status: Native.tk_status_http(code))
  end
end
