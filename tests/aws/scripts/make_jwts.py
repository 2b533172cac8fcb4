"""Makes the JWTs for jwt_test with PyJWT and python cryptography.

Usage: make_jwts.py OUT_DIR NOW_EPOCH. Writes OUT_DIR/jwks.json (RS256 key "k1") and prints a JSON
object {name: token}. Tokens are valid at NOW_EPOCH unless their name says otherwise.
"""
import base64
import hashlib
import hmac
import json
import sys

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

out_dir, now = sys.argv[1], int(sys.argv[2])
SECRET = "hs256-test-secret-0123456789abcdef"
ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST"
CLIENT_ID = "client-abc"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_uint(value):
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
numbers = key.public_key().public_numbers()
with open(f"{out_dir}/jwks.json", "w") as f:
    json.dump({"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
                         "n": b64url_uint(numbers.n), "e": b64url_uint(numbers.e)}]}, f)
public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)

access = {"sub": "user-1", "iss": ISSUER, "client_id": CLIENT_ID, "token_use": "access",
          "iat": now - 10, "exp": now + 3600}
id_token = {"sub": "user-2", "iss": ISSUER, "aud": CLIENT_ID, "token_use": "id",
            "iat": now - 10, "exp": now + 3600}


def rs256(claims, kid="k1", signer=key):
    return jwt.encode(claims, signer, algorithm="RS256", headers={"kid": kid})


def hs256(claims):
    return jwt.encode(claims, SECRET, algorithm="HS256")


def hand_signed(header, claims, secret):
    # PyJWT refuses a PEM as an HMAC secret and "none" with a key, so build these by hand.
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = b"" if secret is None else hmac.new(secret, signing_input.encode(),
                                                     hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


tokens = {
    "rs256_access": rs256(access),
    "rs256_id": rs256(id_token),
    "hs256": hs256({**access, "sub": "dev-user"}),
    "alg_none": hand_signed({"alg": "none", "typ": "JWT"}, access, None),
    "alg_none_signed": hand_signed({"alg": "none", "kid": "k1"}, access, SECRET.encode()),
    "alg_confusion": hand_signed({"alg": "HS256", "kid": "k1"}, access, public_pem),
    "rs512": jwt.encode(access, key, algorithm="RS512", headers={"kid": "k1"}),
    "wrong_issuer": rs256({**access, "iss": "https://evil.example"}),
    "wrong_client_id": rs256({**access, "client_id": "other-client"}),
    "wrong_audience": rs256({**id_token, "aud": "other-client"}),
    "wrong_token_use": rs256({**access, "token_use": "id"}),
    "expired": rs256({**access, "exp": now - 120}),
    "expired_within_leeway": rs256({**access, "exp": now - 5}),
    "nbf_future": rs256({**access, "nbf": now + 600}),
    "no_exp": rs256({k: v for k, v in access.items() if k != "exp"}),
    "unknown_kid": rs256(access, kid="k2"),
    "no_kid": jwt.encode(access, key, algorithm="RS256"),
    "other_key": rs256(access, signer=other_key),
    "hs256_wrong_secret": jwt.encode(access, "not-the-secret-0123456789abcdef", algorithm="HS256"),
}
print(json.dumps(tokens))
