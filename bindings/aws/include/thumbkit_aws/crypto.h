// Hashes, MACs, encodings and randomness for the AWS/JWT code, all backed by OpenSSL 3.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace thumbkit::aws {

// SHA-256 of `data`: raw 32 bytes, or lower-case hex (64 characters).
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256(key, data): raw 32 bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

// Lower-case hex of raw bytes.
std::string HexEncode(std::string_view bytes);

// Compares in time that depends only on the lengths (for signatures and MACs).
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// Standard base64 with padding; decode refuses bad characters or bad padding (nullopt).
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

// URL-safe base64 ('-' and '_') without padding; decode accepts input with or without padding.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// `count` bytes from OpenSSL's CSPRNG (RAND_bytes); throws std::runtime_error if it fails.
std::string RandomBytes(std::size_t count);

// A random (version 4) UUID in canonical lower-case form, e.g. "3f0c...-4...-8...".
std::string RandomUuidV4();

}  // namespace thumbkit::aws
