// CRYPTO_MSG_GETALG over NETLINK_CRYPTO (crypto_user): the kernel's own report of its
// algorithms. Returns each reply as raw bytes (struct crypto_user_alg and its attributes);
// src/kernel decodes them.
#include <errno.h>
#include <linux/cryptouser.h>
#include <linux/netlink.h>
#include <napi.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "alg_syscalls.h"
#include "arguments.h"
#include "system_error.h"

namespace kcapi {

namespace {

constexpr int kNetlinkCrypto = 21;

struct Attribute {
  uint16_t type;
  std::vector<uint8_t> data;
};

struct Report {
  std::vector<uint8_t> algorithm;  // struct crypto_user_alg
  std::vector<Attribute> attributes;
};

struct Failure {
  int errnum;
  const char* syscall;
};

class NetlinkSocket {
 public:
  ~NetlinkSocket() { CloseDescriptor(fd_); }
  int Open() {
    fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, kNetlinkCrypto);
    return fd_ < 0 ? -errno : 0;
  }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

void DecodeReport(const nlmsghdr* header, std::vector<Report>* reports) {
  const size_t headerLength = NLMSG_LENGTH(sizeof(crypto_user_alg));
  if (header->nlmsg_len < headerLength) return;
  Report report;
  const auto* payload = static_cast<const uint8_t*>(NLMSG_DATA(header));
  report.algorithm.assign(payload, payload + sizeof(crypto_user_alg));
  const uint8_t* cursor = reinterpret_cast<const uint8_t*>(header) + NLMSG_ALIGN(headerLength);
  const uint8_t* end = reinterpret_cast<const uint8_t*>(header) + header->nlmsg_len;
  while (cursor + NLA_HDRLEN <= end) {
    nlattr attribute;
    std::memcpy(&attribute, cursor, sizeof(attribute));
    if (attribute.nla_len < NLA_HDRLEN || cursor + attribute.nla_len > end) break;
    report.attributes.push_back(
        {static_cast<uint16_t>(attribute.nla_type & NLA_TYPE_MASK),
         std::vector<uint8_t>(cursor + NLA_HDRLEN, cursor + attribute.nla_len)});
    cursor += NLA_ALIGN(attribute.nla_len);
  }
  reports->push_back(std::move(report));
}

// Sends one GETALG request (a dump when name and driver are empty) and collects the replies.
bool Query(const std::string& name, const std::string& driver, std::vector<Report>* reports, Failure* failure) {
  NetlinkSocket socket;
  if (int opened = socket.Open(); opened < 0) {
    *failure = {-opened, "socket"};
    return false;
  }
  const bool dump = name.empty() && driver.empty();
  struct {
    nlmsghdr header;
    crypto_user_alg algorithm;
  } request{};
  request.header.nlmsg_len = NLMSG_LENGTH(sizeof(crypto_user_alg));
  request.header.nlmsg_type = CRYPTO_MSG_GETALG;
  request.header.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
  request.header.nlmsg_seq = 1;
  std::strncpy(request.algorithm.cru_name, name.c_str(), sizeof(request.algorithm.cru_name) - 1);
  std::strncpy(request.algorithm.cru_driver_name, driver.c_str(), sizeof(request.algorithm.cru_driver_name) - 1);

  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(socket.fd(), &request, request.header.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel),
             sizeof(kernel)) < 0) {
    *failure = {errno, "sendto"};
    return false;
  }

  std::vector<uint8_t> buffer(65536);
  for (;;) {
    ssize_t received;
    do {
      received = recv(socket.fd(), buffer.data(), buffer.size(), 0);
    } while (received < 0 && errno == EINTR);
    if (received < 0) {
      *failure = {errno, "recv"};
      return false;
    }
    size_t remaining = static_cast<size_t>(received);
    for (auto* header = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(header, remaining);
         header = NLMSG_NEXT(header, remaining)) {
      if (header->nlmsg_type == NLMSG_DONE) return true;
      if (header->nlmsg_type == NLMSG_ERROR) {
        const auto* error = static_cast<const nlmsgerr*>(NLMSG_DATA(header));
        if (error->error == 0) return true;
        *failure = {-error->error, "recv"};
        return false;
      }
      if (header->nlmsg_type == CRYPTO_MSG_GETALG) DecodeReport(header, reports);
      if (!dump) return true;
    }
    if (received == 0) return true;
  }
}

Napi::Value ToJs(Napi::Env env, const std::vector<Report>& reports) {
  Napi::Array result = Napi::Array::New(env, reports.size());
  for (size_t i = 0; i < reports.size(); ++i) {
    const Report& report = reports[i];
    Napi::Object object = Napi::Object::New(env);
    object.Set("algorithm", Napi::Buffer<uint8_t>::Copy(env, report.algorithm.data(), report.algorithm.size()));
    Napi::Array attributes = Napi::Array::New(env, report.attributes.size());
    for (size_t j = 0; j < report.attributes.size(); ++j) {
      Napi::Object attribute = Napi::Object::New(env);
      attribute.Set("type", Napi::Number::New(env, report.attributes[j].type));
      attribute.Set("data", Napi::Buffer<uint8_t>::Copy(env, report.attributes[j].data.data(),
                                                        report.attributes[j].data.size()));
      attributes.Set(static_cast<uint32_t>(j), attribute);
    }
    object.Set("attributes", attributes);
    result.Set(static_cast<uint32_t>(i), object);
  }
  return result;
}

// cryptoGetAlg({ name?, driver? }): one report for a name or driver name, or all when neither is given.
Napi::Value CryptoGetAlg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name;
  std::string driver;
  if (info[0].IsObject()) {
    Napi::Object query = info[0].As<Napi::Object>();
    const size_t limit = sizeof(crypto_user_alg::cru_name) - 1;
    if (query.Has("name") && !query.Get("name").IsUndefined() && !GetString(env, query.Get("name"), "name", limit, &name))
      return env.Undefined();
    if (query.Has("driver") && !query.Get("driver").IsUndefined() &&
        !GetString(env, query.Get("driver"), "driver", limit, &driver))
      return env.Undefined();
  }
  std::vector<Report> reports;
  Failure failure{};
  if (!Query(name, driver, &reports, &failure)) {
    ThrowSystemError(env, failure.errnum, failure.syscall);
    return env.Undefined();
  }
  return ToJs(env, reports);
}

}  // namespace

void InitNetlinkCrypto(Napi::Env env, Napi::Object exports) {
  exports.Set("cryptoGetAlg", Napi::Function::New(env, CryptoGetAlg, "cryptoGetAlg"));
}

}  // namespace kcapi
