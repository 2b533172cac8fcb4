#include "jwk.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "thumbkit_aws/crypto.h"

namespace thumbkit::aws::detail {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const {
    Free(pointer);
  }
};
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ParamBuildPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;

BignumPtr BignumFromBase64Url(const nlohmann::json& field) {
  if (!field.is_string()) return nullptr;
  const std::optional<std::string> bytes = Base64UrlDecode(field.get<std::string>());
  if (!bytes || bytes->empty() || bytes->size() > 2048) return nullptr;  // up to 16384-bit keys
  return BignumPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                             static_cast<int>(bytes->size()), nullptr));
}

// The RSA public key (n, e) as a SubjectPublicKeyInfo PEM, built with OpenSSL 3's
// EVP_PKEY_fromdata.
std::optional<std::string> RsaPublicKeyPem(const nlohmann::json& jwk) {
  BignumPtr n = BignumFromBase64Url(jwk.value("n", nlohmann::json()));
  BignumPtr e = BignumFromBase64Url(jwk.value("e", nlohmann::json()));
  if (!n || !e || BN_num_bits(n.get()) < 2048) return std::nullopt;
  ParamBuildPtr build(OSSL_PARAM_BLD_new());
  if (!build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return std::nullopt;
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw_key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw_key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return std::nullopt;
  }
  PkeyPtr key(raw_key);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return std::nullopt;
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  if (length <= 0 || data == nullptr) return std::nullopt;
  return std::string(data, static_cast<std::size_t>(length));
}

bool UsableForRs256(const nlohmann::json& jwk) {
  if (!jwk.is_object() || jwk.value("kty", "") != "RSA") return false;
  if (jwk.contains("use") && jwk["use"] != "sig") return false;
  if (jwk.contains("alg") && jwk["alg"] != "RS256") return false;
  return jwk.contains("kid") && jwk["kid"].is_string();
}

}  // namespace

JwksKeys LoadJwks(std::string_view jwks_json) {
  JwksKeys result;
  const nlohmann::json jwks = nlohmann::json::parse(jwks_json, nullptr, false);
  if (jwks.is_discarded() || !jwks.is_object() || !jwks.contains("keys") ||
      !jwks["keys"].is_array()) {
    result.error = "JWKS is not a JSON object with a \"keys\" array";
    return result;
  }
  for (const nlohmann::json& jwk : jwks["keys"]) {
    if (!UsableForRs256(jwk)) continue;
    if (std::optional<std::string> pem = RsaPublicKeyPem(jwk)) {
      result.pem_by_kid.emplace(jwk["kid"].get<std::string>(), std::move(*pem));
    }
  }
  if (result.pem_by_kid.empty()) result.error = "JWKS has no usable RS256 RSA key (2048 bits+)";
  return result;
}

}  // namespace thumbkit::aws::detail
