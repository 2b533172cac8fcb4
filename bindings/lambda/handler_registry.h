// _HANDLER names and the handlers they build from the environment.
#pragma once

#include <optional>
#include <string_view>

#include "invocation.h"
#include "runtime_api_client.h"

namespace thumbkit_lambda {

// "s3-thumbnail", "http-api" or "authorizer" with its configuration loaded. nullopt with
// *failure set (Runtime.NoSuchHandler or Runtime.InvalidConfig) otherwise.
std::optional<Handler> MakeHandler(std::string_view name, RuntimeError* failure);

}  // namespace thumbkit_lambda
