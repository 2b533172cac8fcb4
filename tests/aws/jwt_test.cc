// VerifyJwt against tokens made by PyJWT (HS256, RS256 with a JWKS written by the script), and the
// attacks each policy must refuse with a distinct error.
#include "thumbkit_aws/jwt.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/child_process.h"
#include "thumbkit_aws/crypto.h"

namespace thumbkit::aws {
namespace {

constexpr const char* kSecret = "hs256-test-secret-0123456789abcdef";
constexpr const char* kIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST";
constexpr const char* kClientId = "client-abc";

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(std::filesystem::temp_directory_path() / "thumbkit-aws-jwt-XXXXXX");
    ASSERT_NE(mkdtemp(dir_->data()), nullptr);
    now_ = std::chrono::system_clock::now();
    const long long now_s =
        std::chrono::duration_cast<std::chrono::seconds>(now_.time_since_epoch()).count();
    const testing::ChildResult result = testing::RunChild(
        {testing::PythonPath(), testing::ScriptPath("make_jwts.py"), *dir_, std::to_string(now_s)});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    tokens_ = new nlohmann::json(nlohmann::json::parse(result.out));
    std::ifstream jwks(*dir_ + "/jwks.json");
    std::stringstream text;
    text << jwks.rdbuf();
    jwks_ = new std::string(text.str());
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_, ignored);
    delete dir_;
    delete tokens_;
    delete jwks_;
  }
  void SetUp() override { ASSERT_NE(tokens_, nullptr); }

  static std::string Token(const char* name) { return (*tokens_)[name].get<std::string>(); }

  static JwtPolicy CognitoAccessPolicy() {
    JwtPolicy policy;
    policy.jwks_json = *jwks_;
    policy.issuer = kIssuer;
    policy.audiences = {kClientId};
    policy.token_use = "access";
    return policy;
  }
  static JwtPolicy DevPolicy() {
    JwtPolicy policy;
    policy.hs256_secret = kSecret;
    policy.issuer = kIssuer;
    return policy;
  }
  static JwtResult Verify(const char* name, const JwtPolicy& policy) {
    return VerifyJwt(Token(name), policy, now_);
  }

  static std::string* dir_;
  static nlohmann::json* tokens_;
  static std::string* jwks_;
  static std::chrono::system_clock::time_point now_;
};

std::string* JwtTest::dir_ = nullptr;
nlohmann::json* JwtTest::tokens_ = nullptr;
std::string* JwtTest::jwks_ = nullptr;
std::chrono::system_clock::time_point JwtTest::now_;

void ExpectRefused(const JwtResult& result, std::string_view error) {
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error, error) << result.message;
  EXPECT_FALSE(result.message.empty());
  EXPECT_TRUE(result.sub.empty());
}

TEST_F(JwtTest, Rs256CognitoAccessTokenAccepted) {
  const JwtResult result = Verify("rs256_access", CognitoAccessPolicy());
  ASSERT_TRUE(result.ok) << result.error << ": " << result.message;
  EXPECT_EQ(result.sub, "user-1");
  EXPECT_EQ(result.claims["client_id"], kClientId);
  EXPECT_EQ(result.claims["token_use"], "access");
}

TEST_F(JwtTest, Rs256CognitoIdTokenAcceptedByAud) {
  JwtPolicy policy = CognitoAccessPolicy();
  policy.token_use = "id";
  const JwtResult result = Verify("rs256_id", policy);
  ASSERT_TRUE(result.ok) << result.error << ": " << result.message;
  EXPECT_EQ(result.sub, "user-2");
}

TEST_F(JwtTest, Hs256WithSecretAccepted) {
  const JwtResult result = Verify("hs256", DevPolicy());
  ASSERT_TRUE(result.ok) << result.error << ": " << result.message;
  EXPECT_EQ(result.sub, "dev-user");
}

TEST_F(JwtTest, VerifierIsReusable) {
  const JwtVerifier verifier(CognitoAccessPolicy());
  EXPECT_TRUE(verifier.config_error().empty());
  EXPECT_TRUE(verifier.Verify(Token("rs256_access"), now_).ok);
  EXPECT_EQ(verifier.Verify(Token("expired"), now_).error, "expired");
  EXPECT_TRUE(verifier.Verify(Token("rs256_access"), now_).ok);
}

TEST_F(JwtTest, AlgNoneAndOtherAlgorithmsRefused) {
  ExpectRefused(Verify("alg_none", CognitoAccessPolicy()), "alg_not_allowed");
  ExpectRefused(Verify("alg_none", DevPolicy()), "alg_not_allowed");
  ExpectRefused(Verify("alg_none_signed", DevPolicy()), "alg_not_allowed");
  ExpectRefused(Verify("rs512", CognitoAccessPolicy()), "alg_not_allowed");
}

TEST_F(JwtTest, AlgConfusionRefused) {
  // HS256 "signed" with the RSA public key: no HS256 secret in a JWKS-only policy...
  ExpectRefused(Verify("alg_confusion", CognitoAccessPolicy()), "alg_not_allowed");
  // ...and with both configured, HS256 only ever uses the secret.
  JwtPolicy both = CognitoAccessPolicy();
  both.hs256_secret = kSecret;
  ExpectRefused(Verify("alg_confusion", both), "bad_signature");
  // An RS256 token is not accepted by an HS256-only policy either.
  ExpectRefused(Verify("rs256_access", DevPolicy()), "alg_not_allowed");
}

TEST_F(JwtTest, ClaimChecksRefuseWithDistinctErrors) {
  const JwtPolicy policy = CognitoAccessPolicy();
  ExpectRefused(Verify("wrong_issuer", policy), "wrong_issuer");
  ExpectRefused(Verify("wrong_client_id", policy), "wrong_audience");
  ExpectRefused(Verify("wrong_token_use", policy), "wrong_token_use");
  ExpectRefused(Verify("expired", policy), "expired");
  ExpectRefused(Verify("nbf_future", policy), "not_yet_valid");
  ExpectRefused(Verify("no_exp", policy), "malformed");
  JwtPolicy id_policy = policy;
  id_policy.token_use = "id";
  ExpectRefused(Verify("wrong_audience", id_policy), "wrong_audience");
}

TEST_F(JwtTest, LeewayAppliesToExpiry) {
  EXPECT_TRUE(Verify("expired_within_leeway", CognitoAccessPolicy()).ok);
  JwtPolicy strict = CognitoAccessPolicy();
  strict.leeway = std::chrono::seconds(0);
  ExpectRefused(Verify("expired_within_leeway", strict), "expired");
}

TEST_F(JwtTest, KeysAndSignaturesRefused) {
  const JwtPolicy policy = CognitoAccessPolicy();
  ExpectRefused(Verify("unknown_kid", policy), "unknown_kid");
  ExpectRefused(Verify("no_kid", policy), "unknown_kid");
  ExpectRefused(Verify("other_key", policy), "bad_signature");
  ExpectRefused(Verify("hs256_wrong_secret", DevPolicy()), "bad_signature");
  // The claims changed after signing.
  std::string tampered = Token("rs256_access");
  const std::size_t first = tampered.find('.');
  const std::size_t second = tampered.find('.', first + 1);
  const nlohmann::json forged = {{"sub", "admin"},
                                 {"iss", kIssuer},
                                 {"client_id", kClientId},
                                 {"token_use", "access"},
                                 {"exp", 4102444800}};
  tampered.replace(first + 1, second - first - 1, Base64UrlEncode(forged.dump()));
  ExpectRefused(VerifyJwt(tampered, policy, now_), "bad_signature");
}

TEST_F(JwtTest, GarbageRefusedAsMalformed) {
  const JwtPolicy policy = CognitoAccessPolicy();
  for (const char* garbage : {"", "abc", "a.b", "a.b.c.d", "!!!.???.###", "e30.e30.",
                              "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln"}) {
    const JwtResult result = VerifyJwt(garbage, policy, now_);
    EXPECT_FALSE(result.ok) << garbage;
    EXPECT_TRUE(result.error == "malformed" || result.error == "alg_not_allowed") << garbage;
  }
  EXPECT_EQ(VerifyJwt("e30.e30.", policy, now_).error, "malformed");  // {} has no alg
  EXPECT_EQ(VerifyJwt(std::string(20000, 'a'), policy, now_).error, "malformed");
}

TEST_F(JwtTest, UnusablePolicyIsBadConfig) {
  ExpectRefused(VerifyJwt(Token("hs256"), JwtPolicy{}, now_), "bad_config");
  JwtPolicy broken;
  broken.jwks_json =
      "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"k1\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}";
  EXPECT_FALSE(JwtVerifier(broken).config_error().empty());  // a 17-bit modulus is no key
  broken.jwks_json = "not json";
  ExpectRefused(VerifyJwt(Token("rs256_access"), broken, now_), "bad_config");
}

TEST_F(JwtTest, MakeHs256JwtRoundTripsAndPyJwtAcceptsIt) {
  const nlohmann::json claims = {{"sub", "dev-7"}, {"iss", kIssuer}, {"exp", 4102444800}};
  const std::string token = MakeHs256Jwt(claims, kSecret);
  const JwtResult ours = VerifyJwt(token, DevPolicy(), now_);
  ASSERT_TRUE(ours.ok) << ours.error << ": " << ours.message;
  EXPECT_EQ(ours.sub, "dev-7");
  const testing::ChildResult pyjwt = testing::RunChild(
      {testing::PythonPath(), "-c",
       "import jwt, sys; print(jwt.decode(sys.argv[1], sys.argv[2], algorithms=['HS256'], "
       "issuer=sys.argv[3])['sub'])",
       token, kSecret, kIssuer});
  EXPECT_EQ(pyjwt.exit_code, 0) << pyjwt.err;
  EXPECT_EQ(pyjwt.out, "dev-7\n");
  EXPECT_THROW(MakeHs256Jwt(claims, ""), std::invalid_argument);
  EXPECT_THROW(MakeHs256Jwt(nlohmann::json::array(), kSecret), std::invalid_argument);
}

}  // namespace
}  // namespace thumbkit::aws
