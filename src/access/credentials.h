// Credentials: password hashing and session tokens, on libsodium. Passwords are hashed with
// Argon2id (memory-hard), tokens are 256 random bits and are stored only as a digest.
#pragma once

#include <string>
#include <string_view>

#include "domain/status.h"

namespace safer {

// Call once before any other function here (initialises libsodium; safe to repeat).
Status InitialiseCredentials();

// Why a new password is not acceptable, or empty when it is: at least 12 characters, at
// most 1024 bytes, not the username.
std::string PasswordProblem(std::string_view username, std::string_view password);

// Argon2id in libsodium's self-describing string ("$argon2id$v=19$m=65536,t=2,p=1$…").
Status HashPassword(std::string_view password, std::string* hash);
bool VerifyPassword(std::string_view hash, std::string_view password);

// 32 random bytes, URL-safe base64 without padding (43 characters).
std::string NewToken();
// Hex of BLAKE2b-256 of a token: what is stored in place of the token.
std::string TokenDigest(std::string_view token);
// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace safer
