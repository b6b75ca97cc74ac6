#include "access/credentials.h"

#include <sodium.h>

#include <array>
#include <string>

namespace safer {
namespace {

constexpr size_t kMinPasswordCharacters = 12;
constexpr size_t kMaxPasswordBytes = 1024;
constexpr size_t kTokenBytes = 32;
constexpr size_t kDigestBytes = 32;

// Characters, not bytes: a UTF-8 continuation byte (10xxxxxx) does not start one.
size_t Utf8Characters(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

Status InitialiseCredentials() {
  if (sodium_init() < 0) return Status::IOError("cannot initialise libsodium (no source of randomness?)");
  return Status::Ok();
}

std::string PasswordProblem(std::string_view username, std::string_view password) {
  if (password.size() > kMaxPasswordBytes) return "A password may be at most 1024 bytes long.";
  if (Utf8Characters(password) < kMinPasswordCharacters) return "A password must be at least 12 characters long.";
  if (EqualsIgnoringAsciiCase(password, username)) return "A password must not be the username.";
  return "";
}

Status HashPassword(std::string_view password, std::string* hash) {
  if (password.size() > kMaxPasswordBytes) return Status::InvalidInput("a password may be at most 1024 bytes long");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  // INTERACTIVE (2 passes over 64 MiB) takes tens of milliseconds: affordable per sign-in
  // on a small server, while making each offline guess against a stolen hash cost as much.
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Status::IOError("cannot hash the password: out of memory");
  *hash = out.data();
  return Status::Ok();
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || password.size() > kMaxPasswordBytes) return false;
  std::string terminated(hash);  // libsodium reads the hash as a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string NewToken() {
  std::array<unsigned char, kTokenBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  sodium_memzero(bytes.data(), bytes.size());
  return text.data();
}

std::string TokenDigest(std::string_view token) {
  std::array<unsigned char, kDigestBytes> digest;
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  std::array<char, kDigestBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return hex.data();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    // Same work as an equal-length comparison, so the time says only that the lengths differ.
    [[maybe_unused]] volatile int spent = sodium_memcmp(a.data(), a.data(), a.size());
    return false;
  }
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace safer
